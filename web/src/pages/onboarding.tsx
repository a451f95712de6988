import { A } from "@solidjs/router";
import type { OnboardingStatus, RegisterKindName } from "@tsunagu/contract";
import { createResource, createSignal, For, Index, type JSX, Show, untrack } from "solid-js";
import { ApiError, api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { errorId } from "../registry/model";
import { Loaded, ResourcePage, useMunicipalityCode } from "../registry/ui";
import { DataTable } from "../ui/tables";
import { importIssueText, importIssueWhere } from "./onboarding.issues";

type Step = OnboardingStatus["steps"][number];

/**
 * One file upload of the checklist: the file input, a progress bar while the
 * server reads and stores it, then its report — or every problem, with where
 * it is (feature, file:line:field, row and column), nothing having changed.
 */
function FileUpload<R>(props: {
  id: string;
  accept: string;
  multiple?: boolean;
  send: (files: File[]) => Promise<R>;
  report: (result: R) => string;
  onDone: () => void;
}) {
  const [files, setFiles] = createSignal<File[]>([]);
  const [sending, setSending] = createSignal(false);
  const [done, setDone] = createSignal<string | null>(null);
  const [problems, setProblems] = createSignal<
    ReadonlyArray<{ path: string; message: string; code?: string }>
  >([]);
  const [error, setError] = createSignal<MessageId | null>(null);

  async function upload() {
    setDone(null);
    setProblems([]);
    if (files().length === 0) {
      setError("onb.noFile");
      return;
    }
    setError(null);
    setSending(true);
    try {
      setDone(props.report(await props.send(files())));
      props.onDone();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) setProblems(e.errors);
      else if (e instanceof ApiError && e.problem && typeof e.problem.detail === "string")
        setError("res.saveError");
      else setError("res.networkError");
    } finally {
      setSending(false);
    }
  }

  return (
    <form
      class="resource-form upload-box"
      onSubmit={(event) => {
        event.preventDefault();
        void upload();
      }}
    >
      <div class={`field${error() === "onb.noFile" ? " field-invalid" : ""}`}>
        <label for={props.id}>{t(props.multiple ? "onb.files" : "onb.file")}</label>
        <input
          id={props.id}
          type="file"
          accept={props.accept}
          multiple={props.multiple ?? false}
          aria-describedby={error() === "onb.noFile" ? errorId(props.id) : undefined}
          onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])}
        />
        <Show when={error() === "onb.noFile"}>
          <p class="field-error" id={errorId(props.id)}>
            ⚠ {t("onb.noFile")}
          </p>
        </Show>
      </div>
      <button type="submit" class="button" disabled={sending()}>
        {sending() ? t("onb.sending") : t("onb.upload")}
      </button>
      <Show when={sending()}>
        <progress aria-label={t("onb.sending")} />
      </Show>
      <Show when={error() && error() !== "onb.noFile"}>
        <p role="alert" class="form-error">
          {t(error() as MessageId)}
        </p>
      </Show>
      <Show when={done()}>
        <p role="status" class="done-box" data-testid={`${props.id}-done`}>
          {done()}
        </p>
      </Show>
      <Show when={problems().length > 0}>
        <p role="alert" class="form-error" data-testid={`${props.id}-refused`}>
          {t("onb.refused", { n: problems().length })}
        </p>
        <DataTable
          caption={t("onb.problems")}
          testId={`${props.id}-problems`}
          items={problems()}
          columns={[
            { header: t("onb.col.where"), cell: (p) => importIssueWhere(p.path) },
            { header: t("onb.col.message"), cell: (p) => importIssueText(p) },
          ]}
        />
      </Show>
    </form>
  );
}

function countsText(step: Step): string {
  const parts = Object.entries(step.counts).map(([k, n]) => t(`onb.count.${k}` as MessageId, { n }));
  return parts.length > 0 ? t("onb.counts", { counts: parts.join("、") }) : "";
}

/** A register's import and its export in the same layout. */
function RegisterUpload(props: { code: string; kind: RegisterKindName; onDone: () => void }) {
  return (
    <div class="register-upload">
      <h3>{t(`onb.kind.${props.kind}` as MessageId)}</h3>
      <FileUpload
        id={`register-${props.kind}`}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        send={(files) => api.importRegister(props.code, props.kind, files[0] as File)}
        report={(r) => t("onb.registerDone", { rows: r.rows, created: r.created, updated: r.updated })}
        onDone={props.onDone}
      />
      <p>
        {t("onb.export")} <a href={api.registerExportUrl(props.code, props.kind, "xlsx")}>Excel (.xlsx)</a>{" "}
        <a href={api.registerExportUrl(props.code, props.kind, "csv")}>CSV</a>
      </p>
    </div>
  );
}

/** The municipality admin's checklist: 境界 → 人口 → 時刻表 → 施設 → 車両・運転者 → 住民 → ドローン. */
export function OnboardingPage() {
  const code = useMunicipalityCode();
  const [status, { refetch }] = createResource(code, (c) => (c ? api.onboarding(c) : undefined));
  const reload = () => void refetch();

  const controls = (s: OnboardingStatus, key: Step["key"]): JSX.Element => {
    switch (key) {
      case "boundary":
        return (
          <FileUpload
            id="boundary-file"
            accept=".geojson,.json,application/geo+json,application/json"
            send={(files) => api.importBoundary(s.code, files[0] as File)}
            report={(r) =>
              t("onb.boundaryDone", {
                name: r.fullName,
                polygons: r.polygons,
                area: r.areaKm2,
                meshes: r.firstMeshes.join("、"),
              })
            }
            onDone={reload}
          />
        );
      case "population":
        return (
          <FileUpload
            id="population-files"
            accept=".zip,.txt,application/zip,text/plain"
            multiple
            send={(files) => api.importPopulation(s.code, files)}
            report={(r) =>
              t("onb.populationDone", {
                year: r.censusYear,
                people: r.people,
                age65: r.age65plus,
                age75: r.age75plus,
                inside: r.cellsInside,
                partly: r.cellsPartlyInside,
                outside: r.cellsOutside,
                concealed: r.concealedCells,
              })
            }
            onDone={reload}
          />
        );
      case "timetables":
        return (
          <p>
            <A href={`/resources/routes/${s.code}`}>{t("onb.gtfsLink")}</A>
          </p>
        );
      case "facilities":
        return <RegisterUpload code={s.code} kind="places" onDone={reload} />;
      case "vehicles_drivers":
        return (
          <>
            <RegisterUpload code={s.code} kind="vehicles" onDone={reload} />
            <RegisterUpload code={s.code} kind="drivers" onDone={reload} />
          </>
        );
      case "residents":
        return <RegisterUpload code={s.code} kind="residents" onDone={reload} />;
      default:
        return (
          <p>
            <A href={`/resources/drones/${s.code}`}>{t("onb.dronesLink")}</A>
          </p>
        );
    }
  };

  return (
    <ResourcePage title="onb.title" lead="onb.lead" wide>
      <Loaded data={status} code={code}>
        {(s) => (
          <>
            <ul class="onboarding-ready" data-testid="onboarding-ready">
              <li>{t(s().coverageReady ? "onb.coverageReady" : "onb.coverageNotReady")}</li>
              <li>{t(s().matchReady ? "onb.matchReady" : "onb.matchNotReady")}</li>
            </ul>
            <ol class="onboarding-steps">
              {/* By position, not by object: a reload after an import keeps each step's elements. */}
              <Index each={s().steps}>
                {(step) => (
                  <li class={`onboarding-step state-${step().state}`} data-testid={`step-${step().key}`}>
                    <section aria-labelledby={`step-${step().key}-title`}>
                      <h2 id={`step-${step().key}-title`}>
                        {t(`onb.step.${step().key}` as MessageId)}{" "}
                        <span class="badge">{t(`onb.state.${step().state}` as MessageId)}</span>
                      </h2>
                      <Show when={countsText(step())}>
                        <p>{countsText(step())}</p>
                      </Show>
                      <For each={step().missing}>{(m) => <p>{t(`onb.missing.${m}` as MessageId)}</p>}</For>
                      {/* Built once per step: a reload after an import must not replace the upload and its report. */}
                      {untrack(() => controls(s(), step().key))}
                    </section>
                  </li>
                )}
              </Index>
            </ol>
          </>
        )}
      </Loaded>
    </ResourcePage>
  );
}
