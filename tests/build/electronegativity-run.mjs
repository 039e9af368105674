// Runs Electronegativity through its programmatic API (the CLI keeps parse errors to its console
// table) and prints one JSON line: the files it could not parse and every finding with its severity.
// It also writes its SARIF report to the path given. Usage: node electronegativity-run.mjs <input> <electron version> <sarif>
import run from '@doyensec/electronegativity';

const [input, electronVersion, sarif] = process.argv.slice(2);
if (input === undefined || electronVersion === undefined || sarif === undefined) {
  console.error('usage: electronegativity-run.mjs <input> <electron version> <sarif file>');
  process.exit(2);
}
const result = await run({
  input,
  output: sarif,
  isSarif: true,
  isRelative: true,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
const findings = result.issues.map((issue) => ({
  check: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  file: issue.file,
  line: issue.location.line,
  description: issue.description,
}));
process.stdout.write(
  `${JSON.stringify({ checks: result.globalChecks + result.atomicChecks, errors: result.errors, findings })}\n`,
);
