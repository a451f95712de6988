import type { GtfsImportResult } from "@tsunagu/contract";
import { createSignal, Show } from "solid-js";
import { ApiError, api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { DataTable } from "../ui/tables";
import { errorId, gtfsIssueParts } from "./model";

/** The codes of GTFS-JP import problems and warnings the page has its own sentence for. */
const GTFS_ISSUE_CODES = new Set([
  "GTFS_ZIP",
  "GTFS_LAYOUT",
  "GTFS_MISSING_FILE",
  "GTFS_ENCODING",
  "GTFS_CSV",
  "GTFS_MISSING_COLUMN",
  "GTFS_REQUIRED_FIELD",
  "GTFS_INVALID_VALUE",
  "GTFS_OUT_OF_RANGE",
  "GTFS_DUPLICATE_ID",
  "GTFS_DANGLING_REFERENCE",
  "GTFS_TIME_ORDER",
  "GTFS_UNUSED_FILE",
  "GTFS_SHORT_TRIP",
  "GTFS_STOPS_OUTSIDE",
  "GTFS_STOPS_FAR",
  "GTFS_CALENDAR_ENDED",
]);

/**
 * A GTFS problem or warning in the page's language, by its code and figures (the server's
 * `message` is an English sentence for developers); file, line and field stand beside it.
 */
export function gtfsIssueText(issue: {
  code?: string | undefined;
  params?: Record<string, string | number>;
}) {
  const code = issue.code && GTFS_ISSUE_CODES.has(issue.code) ? issue.code : "other";
  return t(`up.issue.${code}` as MessageId, issue.params ?? {});
}

/** One problem or warning as the API answers it: where, its code, and the figures its sentence names. */
type Issue = { path: string; code?: string; params?: Record<string, string | number> };

/** The problem list as a table: file, line, field, message, one row per issue. */
function IssueTable(props: { caption: string; testId: string; issues: readonly Issue[] }) {
  return (
    <DataTable
      caption={props.caption}
      testId={props.testId}
      items={props.issues.map((issue) => ({ ...gtfsIssueParts(issue.path), message: gtfsIssueText(issue) }))}
      columns={[
        { header: t("up.col.file"), cell: (issue) => issue.file || "—" },
        { header: t("up.col.line"), cell: (issue) => issue.line || "—", class: "num" },
        { header: t("up.col.field"), cell: (issue) => issue.field || "—" },
        { header: t("up.col.message"), cell: (issue) => issue.message },
      ]}
    />
  );
}

/**
 * Upload of a GTFS-JP zip: the file's bytes are POSTed as application/zip.
 * A refused feed (422) lists every problem; an accepted one shows its counts
 * and any warnings, and `onImported` lets the page reload its feed list.
 */
export function GtfsUpload(props: {
  code: string;
  onImported: (result: GtfsImportResult) => void | Promise<void>;
}) {
  const [file, setFile] = createSignal<File | null>(null);
  const [sending, setSending] = createSignal(false);
  const [result, setResult] = createSignal<GtfsImportResult | null>(null);
  const [problems, setProblems] = createSignal<readonly Issue[]>([]);
  const [error, setError] = createSignal<MessageId | null>(null);

  async function upload() {
    const chosen = file();
    setResult(null);
    setProblems([]);
    if (!chosen) {
      setError("up.noFile");
      return;
    }
    setError(null);
    setSending(true);
    try {
      const imported = await api.importGtfs(props.code, chosen);
      setResult(imported);
      await props.onImported(imported);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.errors.length > 0) setProblems(e.errors);
      else if (e instanceof ApiError && e.status === 413) setError("up.tooLarge");
      else if (e instanceof ApiError) setError("up.failed");
      else setError("res.networkError");
    } finally {
      setSending(false);
    }
  }

  return (
    <section class="upload-box" aria-labelledby="gtfs-upload-title">
      <h2 id="gtfs-upload-title">{t("up.title")}</h2>
      <p>{t("up.lead")}</p>
      <form
        class="resource-form"
        onSubmit={(event) => {
          event.preventDefault();
          void upload();
        }}
      >
        <div class={`field${error() === "up.noFile" ? " field-invalid" : ""}`}>
          <label for="gtfs-file">{t("up.file")}</label>
          <input
            id="gtfs-file"
            type="file"
            accept=".zip,application/zip"
            aria-describedby={error() === "up.noFile" ? errorId("gtfs-file") : undefined}
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
          <Show when={error() === "up.noFile"}>
            <p class="field-error" id={errorId("gtfs-file")}>
              ⚠ {t("up.noFile")}
            </p>
          </Show>
        </div>
        <button type="submit" class="button" disabled={sending()}>
          {sending() ? t("up.sending") : t("up.submit")}
        </button>
      </form>
      <Show when={error() && error() !== "up.noFile"}>
        <p role="alert" class="form-error">
          {t(error() as MessageId)}
        </p>
      </Show>
      <Show when={problems().length > 0}>
        <p role="alert" class="form-error" data-testid="gtfs-refused">
          {t("up.refused", { n: problems().length })}
        </p>
        <IssueTable caption={t("up.problems")} testId="gtfs-problems" issues={problems()} />
      </Show>
      <Show when={result()}>
        {(r) => (
          <div class="done-box" role="status" data-testid="gtfs-imported">
            <p>
              <strong>{t("up.done", { name: r().name })}</strong>
            </p>
            <p>{t("up.counts", r().counts)}</p>
            <Show when={r().replaced}>
              <p>{t("up.replaced")}</p>
            </Show>
            <Show when={r().spareCapacity.kept > 0}>
              <p>{t("up.spareKept", { n: r().spareCapacity.kept })}</p>
            </Show>
            <Show when={r().spareCapacity.dropped.length > 0}>
              <p data-testid="gtfs-spare-dropped">
                {t("up.spareDropped", {
                  trips: r()
                    .spareCapacity.dropped.map((d) => d.tripId)
                    .join("、"),
                })}
              </p>
            </Show>
          </div>
        )}
      </Show>
      <Show when={(result()?.warnings.length ?? 0) > 0}>
        <IssueTable caption={t("up.warnings")} testId="gtfs-warnings" issues={result()?.warnings ?? []} />
      </Show>
    </section>
  );
}
