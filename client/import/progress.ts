/**
 * Progress of a long import on stderr (stdout stays the report): a bar redrawn in place on a
 * terminal, one line per tenth when stderr is a file or a CI log, so logs stay short.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const BAR_WIDTH = 30;

export function progressOn(stream: ProgressStream, label: string, clock: () => number = Date.now): Progress {
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastTenth = -1;
  let drawn = false;
  let lastDone = 0;
  let lastTotal = 0;
  const draw = (done: number, total: number) => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
    stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] ${done}/${total}`);
    drawn = true;
  };
  return {
    update(done, total) {
      lastDone = done;
      lastTotal = total;
      if (stream.isTTY) {
        const now = clock();
        // Redraw at most ten times a second; always draw the last row.
        if (done === total || now - lastDraw >= 100) {
          lastDraw = now;
          draw(done, total);
        }
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${label}: ${done}/${total} rows\n`);
      }
    },
    finish() {
      if (stream.isTTY && drawn) {
        draw(lastDone, lastTotal);
        stream.write('\n');
      }
    },
  };
}
