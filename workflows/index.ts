/** Every workflow the worker registers (the bundle entry point). */
export { studentCase } from './student-case';
