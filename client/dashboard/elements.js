// Building the page out of DOM nodes, never HTML strings: every value shown (ids, rule names,
// refusal texts) goes in as text, so nothing the API returns can inject markup.

/**
 * `el('td', { class: 'due', 'data-testid': 'x', onclick: fn }, 'text', child)`.
 * Attribute values `false`, `null` and `undefined` are left off; `true` sets an empty attribute.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'value' && 'value' in node) node.value = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** SVG elements need their namespace. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  append(node, children);
  return node;
}

/** Replaces everything inside `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A table with a header row; `rows` are arrays of cells (a cell is text, a node, or `{ cell, attrs }`). */
export function table(testid, headers, rows, rowAttrs = () => ({})) {
  return el(
    'table',
    { 'data-testid': testid },
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      rows.length
        ? rows.map((cells, i) => el('tr', rowAttrs(i), cells.map((c) => (c && c.cell !== undefined ? el('td', c.attrs, c.cell) : el('td', {}, c ?? '')))))
        : el('tr', {}, el('td', { colspan: headers.length, class: 'empty' }, 'none')),
    ),
  );
}

/** A titled section of the case page. */
export function section(testid, title, ...body) {
  const id = `h-${testid}`;
  return el('section', { 'data-testid': testid, 'aria-labelledby': id }, el('h2', { id }, title), ...body);
}

export function statusPill(status) {
  return el('span', { class: `pill status-${status}` }, status);
}

export function errorLine(testid, message) {
  return el('p', { class: 'err', role: 'alert', 'data-testid': testid }, message);
}
