/** The folder holding cli.js and core-worker.js for the current sources, built first if missing. */
export function ensureWebHostBuilt(root: string): Promise<string>;
