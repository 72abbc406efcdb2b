// Types of caseload-view.js for the TypeScript tests (the dashboard itself is plain ES modules).
export interface CaseloadRowLike {
  studentId: string;
  nextDue: string | null;
  overdue: boolean;
}
export declare const FILTER_NAMES: string[];
export declare function urgencyOf(row: CaseloadRowLike, today: string): 'overdue' | 'soon' | null;
export declare function sortByNextDeadline<T extends CaseloadRowLike>(rows: readonly T[]): T[];
export declare function filterParams(entries: Iterable<[string, unknown]>): Record<string, string>;
export declare function caseloadHash(params: Record<string, unknown> | null | undefined): string;
export declare function caseloadCaption(count: number, today: string): string;
