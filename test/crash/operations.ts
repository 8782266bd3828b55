/** The operations the crash test's child repeats in turn, each a step the parent counts. */
export const OPERATIONS = ['import', 'run', 'publish', 'merge'] as const;
