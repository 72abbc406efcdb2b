// Types of calendar-month.js for the TypeScript tests (the dashboard itself is plain ES modules).
export interface DayLike {
  kind: string;
  closure?: string;
}
export interface MonthCell {
  date: string;
  day: number;
  kind: string;
  words: string;
  today: boolean;
}
export declare const DAY_KINDS: Array<{ kind: string; label: string }>;
export declare const WEEKDAYS: string[];
export declare function dayWords(day: DayLike | null | undefined): string;
export declare function countDayKinds(days: Iterable<DayLike>): Map<string, number>;
export declare function monthWeeks(yyyyMm: string, days: Map<string, DayLike>, today: string): Array<Array<MonthCell | null>>;
