// Limits of the IPC contract that both ends need, kept free of imports so the renderer's bundle can
// use them without the schemas.

/** The most ids one call may name (a select-all of a large library goes in one call). */
export const MAX_IDS_PER_CALL = 100_000;
