/**
 * Register import benchmark: a residents' 名簿 of 10,000 rows (the reader's
 * default row limit) as CSV and as XLSX, written by the exporter and read
 * back. Run from the repo root: `npx tsx packages/registers/bench/import.ts`.
 *
 * The files are written first, to a temporary folder; each is then read in a
 * process of its own, so the peak resident set (`process.resourceUsage().maxRSS`)
 * is that read's alone.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readRegister } from "../src/read";
import { type RegisterEntry, writeRegisterCsv, writeRegisterXlsx } from "../src/write";

const ROWS = 10_000;

/** Synthetic residents around 小菅村, seeded so every run reads the same file. */
function residents(): RegisterEntry<"residents">[] {
  let seed = 17;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  return Array.from({ length: ROWS }, (_, i) => ({
    id: `res-${i + 1}`,
    value: {
      name: `住民 ${i + 1}`,
      nameKana: `じゅうみん ${i + 1}`,
      home: { lat: 35.7 + rnd() * 0.1, lon: 138.85 + rnd() * 0.15 },
      address: null,
      phone: `0428-87-${String(i % 10_000).padStart(4, "0")}`,
      birthYear: 1925 + Math.floor(rnd() * 80),
      wheelchair: rnd() < 0.1,
      escort: rnd() < 0.1,
      maxWalkM: 300,
      careLevel: rnd() < 0.2 ? "care_1" : null,
      consent: true,
    },
  }));
}

async function runCase(file: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await readRegister("residents", bytes);
  const wallMs = performance.now() - t0;
  const d = process.cpuUsage(c0);
  if (!r.ok || r.rows.length !== ROWS) throw new Error("the register was refused");
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({ bytes: bytes.length, wallMs, cpuMs: (d.user + d.system) / 1000, rssBefore, peak })}\n`,
  );
}

const MiB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const arg = process.argv.indexOf("--case");
if (arg >= 0) await runCase(process.argv[arg + 1] as string);
else {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tsunagu-registers-bench-"));
  const entries = residents();
  const files = {
    csv: path.join(dir, "residents.csv"),
    xlsx: path.join(dir, "residents.xlsx"),
  };
  writeFileSync(files.csv, writeRegisterCsv("residents", entries));
  writeFileSync(files.xlsx, await writeRegisterXlsx("residents", entries));
  console.log(
    `${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  console.log(`residents' register, ${ROWS.toLocaleString("en")} rows, one read per process\n`);
  console.log("| file | size | wall | CPU | peak RSS |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const [format, file] of Object.entries(files)) {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--case", file],
      {
        encoding: "utf8",
      },
    );
    if (child.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${format} failed: ${child.stderr}`);
    }
    const r = JSON.parse(child.stdout.trim().split("\n").pop() as string) as {
      bytes: number;
      wallMs: number;
      cpuMs: number;
      rssBefore: number;
      peak: number;
    };
    console.log(
      `| ${format.toUpperCase()} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.wallMs.toFixed(0)} ms | ${r.cpuMs.toFixed(0)} ms | ${MiB(r.peak)} (${MiB(r.rssBefore)} before) |`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}
