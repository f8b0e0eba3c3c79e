/** casaudit's exit codes, the same for every command. */
export const EXIT_OK = 0;
/** Findings at or above the --fail-on level (audit), or integrity problems (validate). */
export const EXIT_FINDINGS = 1;
/** Usage mistake, bad input, or a source that could not be collected. */
export const EXIT_ERROR = 2;
