/**
 * The layer boundaries (ADR 0004) as data, and the import-graph checker that
 * enforces them. Biome's `noRestrictedImports` overrides in biome.json give the
 * same messages in the editor, but Biome matches import text only; this
 * checker resolves every relative path to the file it reaches, maps workspace
 * package names to their folders and sees `require()` and `import()` too, so
 * it is the authority.
 */
import { readdirSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";
import ts from "typescript";

/** A source file by its repository-relative POSIX path. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface Boundary {
  /** Stable name, used in messages and tests. */
  readonly rule: string;
  /** The files the rule applies to: those below `under`, only production sources (src/, not tests) when `sourcesOnly`, never `except`. */
  readonly files: {
    readonly under: readonly string[];
    readonly sourcesOnly?: boolean;
    readonly except?: readonly string[];
  };
  /**
   * Module names the files may not import. "hono" stands for "hono" and every
   * "hono/…" subpath, "@hono/" for the whole scope; Node built-ins are named
   * without "node:" and match with or without it.
   */
  readonly modules?: readonly string[];
  /**
   * Places in the repository the files may not import from, reached by a
   * relative path or by a workspace package name: a folder ("server/src/routes/")
   * or a module without its extension ("server/src/app").
   */
  readonly places?: readonly string[];
  /** Places inside `places` that stay allowed. */
  readonly allowedPlaces?: readonly string[];
  readonly why: string;
}

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly rule: string;
  readonly why: string;
}

/** Workspace package name → its folder and `exports` map, to turn `@tsunagu/x/y` into a place. */
export type Workspace = ReadonlyMap<string, { dir: string; exports: Readonly<Record<string, string>> }>;

const ENGINES = ["packages/matching/", "packages/geo/", "packages/effects/", "packages/roads/"];
/** The engines and the other pure packages: the demo-town generator, the register readers and the shared wire contract. */
const PURE_PACKAGES = [...ENGINES, "packages/demo/", "packages/registers/", "packages/contract/"];
/** The only engine files that may start threads: matching's portfolio search and the worker it starts. */
const WORKER_POOL_FILES = ["packages/matching/src/parallel.ts", "packages/matching/src/worker.ts"];

const HTTP_MODULES = ["hono", "@hono/", "@scalar/hono-api-reference", "http", "https", "http2"];
const DATABASE_MODULES = ["drizzle-orm", "drizzle-kit", "@libsql/"];
const LOGGING_MODULES = ["pino"];
/** Node's file system, network, process and terminal modules; compute-only built-ins (zlib, crypto, util) are not I/O. */
const NODE_IO_MODULES = [
  "fs",
  "net",
  "tls",
  "dgram",
  "dns",
  "child_process",
  "cluster",
  "process",
  "readline",
  "repl",
  "tty",
  "inspector",
];

export const BOUNDARIES: readonly Boundary[] = [
  {
    rule: "pure-no-http",
    files: { under: PURE_PACKAGES },
    modules: HTTP_MODULES,
    places: ["server/", "web/"],
    why: "engines and pure packages are data in, data out: no HTTP, no server or web code",
  },
  {
    rule: "pure-no-database",
    files: { under: PURE_PACKAGES },
    modules: DATABASE_MODULES,
    places: ["packages/db/"],
    why: "engines and pure packages never touch the database; packages/db and the server's converters do",
  },
  {
    rule: "pure-no-logging",
    files: { under: PURE_PACKAGES },
    modules: LOGGING_MODULES,
    why: "pure packages never log (Biome's noConsole covers console.* in their src)",
  },
  {
    rule: "pure-no-node-io",
    files: { under: PURE_PACKAGES, sourcesOnly: true },
    modules: NODE_IO_MODULES,
    why: "engine code gets bytes and data from its caller; files, sockets and processes are the server's",
  },
  {
    rule: "pure-no-threads",
    files: { under: PURE_PACKAGES, sourcesOnly: true, except: WORKER_POOL_FILES },
    modules: ["worker_threads"],
    why: "only matching's portfolio search (parallel.ts and its worker.ts) runs threads (ADR 0004)",
  },
  {
    rule: "domain-no-http",
    files: { under: ["server/src/domain/"] },
    modules: HTTP_MODULES,
    places: ["server/src/routes/", "server/src/lib/", "server/src/app", "server/src/index"],
    // The logger and the TypeScript worker starter are plain Node helpers, not part of the HTTP adapter.
    allowedPlaces: ["server/src/lib/logger", "server/src/lib/tsWorker"],
    why: "domain verbs know nothing of HTTP: no hono, no routes, no HTTP helpers from server/src/lib",
  },
  {
    rule: "db-no-http",
    files: { under: ["packages/db/"] },
    modules: HTTP_MODULES,
    places: ["server/", "web/"],
    why: "the query layer is called by the server, never the other way round",
  },
  {
    rule: "db-no-engines",
    files: { under: ["packages/db/"] },
    places: [...ENGINES, "packages/demo/", "packages/registers/"],
    why: "rows and engine models meet in the server's converter modules, not in packages/db",
  },
  {
    rule: "web-no-database",
    files: { under: ["web/"] },
    modules: DATABASE_MODULES,
    places: ["packages/db/"],
    why: "the web app talks HTTP only",
  },
  {
    rule: "web-no-server",
    files: { under: ["web/"] },
    places: ["server/"],
    why: "the web app talks HTTP only; shared shapes live in @tsunagu/contract",
  },
  {
    rule: "web-no-engine-internals",
    files: { under: ["web/"] },
    places: [...ENGINES, "packages/demo/", "packages/registers/"],
    allowedPlaces: [...ENGINES, "packages/demo/", "packages/registers/"].map((p) => `${p}src/index`),
    why: "the web app may use an engine's public entry only, never a module inside it",
  },
];

const SOURCE_EXTENSIONS = /\.(tsx?|mts|cts|jsx?|mjs|cjs)$/;

/** A module reached by an import: a package or built-in by name, or a place in the repository. */
type Target = { kind: "module"; name: string } | { kind: "place"; place: string };

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

function targetOf(file: string, specifier: string, workspace: Workspace): Target {
  if (specifier.startsWith(".") || specifier.startsWith("/")) {
    const place = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    return { kind: "place", place: place.replace(SOURCE_EXTENSIONS, "") };
  }
  if (isBuiltin(specifier))
    return { kind: "module", name: specifier.replace(/^node:/, "").split("/")[0] ?? "" };
  const name = packageName(specifier);
  const own = workspace.get(name);
  if (!own) return { kind: "module", name };
  const subpath = `.${specifier.slice(name.length)}`;
  const entry = own.exports[subpath] ?? subpath;
  return { kind: "place", place: path.posix.join(own.dir, entry).replace(SOURCE_EXTENSIONS, "") };
}

function moduleMatches(name: string, entry: string): boolean {
  return entry.endsWith("/") ? name.startsWith(entry) : name === entry;
}

function placeMatches(place: string, entry: string): boolean {
  return entry.endsWith("/") ? `${place}/`.startsWith(entry) : place === entry;
}

function appliesTo(boundary: Boundary, file: string): boolean {
  const { under, sourcesOnly = false, except = [] } = boundary.files;
  const folder = under.find((f) => file.startsWith(f));
  if (folder === undefined || except.includes(file)) return false;
  return !sourcesOnly || (file.startsWith(`${folder}src/`) && !/\.test\.tsx?$/.test(file));
}

function breaks(boundary: Boundary, target: Target): boolean {
  if (target.kind === "module") return (boundary.modules ?? []).some((m) => moduleMatches(target.name, m));
  return (
    (boundary.places ?? []).some((p) => placeMatches(target.place, p)) &&
    !(boundary.allowedPlaces ?? []).some((p) => placeMatches(target.place, p))
  );
}

/** Every module a file names: static and dynamic imports, `export … from`, `import()` types and `require()`. */
export function importsOf(file: SourceFile): { specifier: string; line: number }[] {
  const lineStarts = [0];
  for (let i = 0; i < file.text.length; i++) if (file.text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const { importedFiles } = ts.preProcessFile(file.text, true, true);
  return importedFiles.map((f) => ({ specifier: f.fileName, line: lineOf(f.pos) }));
}

/** Every import in `files` that crosses a boundary, in file and line order. */
export function checkBoundaries(
  files: readonly SourceFile[],
  workspace: Workspace,
  boundaries: readonly Boundary[] = BOUNDARIES,
): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const rules = boundaries.filter((b) => appliesTo(b, file.path));
    if (rules.length === 0) continue;
    for (const { specifier, line } of importsOf(file)) {
      const target = targetOf(file.path, specifier, workspace);
      for (const b of rules) {
        if (breaks(b, target))
          violations.push({ file: file.path, line, specifier, rule: b.rule, why: b.why });
      }
    }
  }
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line} imports "${v.specifier}" — ${v.rule}: ${v.why}`;
}

const SKIPPED_FOLDERS = new Set(["node_modules", "dist", ".git", ".vite", "test-results", "migrations"]);

/** The repository's source files below `folders` (repository-relative), without dependencies or build output. */
export function readSources(root: string, folders: readonly string[]): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(child);
      } else if (entry.isFile() && SOURCE_EXTENSIONS.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        out.push({ path: child, text: readFileSync(path.join(root, child), "utf8") });
      }
    }
  };
  for (const folder of folders) walk(folder);
  return out;
}

/** The workspace packages' names, folders and `exports` maps, read from their package.json files. */
export function readWorkspace(root: string, folders: readonly string[]): Workspace {
  const workspace = new Map<string, { dir: string; exports: Record<string, string> }>();
  for (const dir of folders) {
    const manifest = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8")) as {
      name: string;
      exports?: Record<string, string>;
    };
    workspace.set(manifest.name, { dir, exports: manifest.exports ?? {} });
  }
  return workspace;
}
