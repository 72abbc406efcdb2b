// Types of calendar-days.js for the TypeScript tests (the dashboard itself is plain ES modules).
export declare const SOON_DAYS: number;
export declare function dayNumber(iso: string): number;
export declare function isoOfDay(day: number): string;
export declare function daysBetween(fromIso: string, toIso: string): number;
export declare function isDueSoon(due: string | null | undefined, today: string): boolean;
export declare function weekday(iso: string): number;
export declare function localToday(): string;
export declare function schoolYearOf(iso: string): { from: string; to: string; label: string };
export declare function monthsBetween(fromIso: string, toIso: string): string[];
export declare function daysInMonth(yyyyMm: string): number;
export declare function monthName(yyyyMm: string): string;
export declare function instantText(iso: string): string;
