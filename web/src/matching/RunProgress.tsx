import type { MatchRun } from "@tsunagu/contract";
import { createEffect, createMemo, createSignal, onCleanup } from "solid-js";
import { type MessageId, t } from "../i18n";
import { FormAlert } from "../ui/fields";
import { matchingApi } from "./api";

export const isActive = (run: MatchRun) => run.status === "queued" || run.status === "running";

/**
 * Follows a queued or running match run over server-sent events and shows its
 * progress: phase, percent, served/unserved so far, and a Cancel button. The
 * server closes the stream after its `end` event; if the connection drops
 * before that, the browser reconnects by itself and the server answers at once
 * with the run's current state.
 */
export function RunProgress(props: {
  code: string;
  run: MatchRun;
  onUpdate: (run: MatchRun) => void;
  onEnd: (run: MatchRun) => void;
}) {
  const [cancelling, setCancelling] = createSignal(false);
  const [error, setError] = createSignal<MessageId | null>(null);

  // Memos, so a progress update (a new run object) does not reopen the stream; only another run does.
  const runId = createMemo(() => props.run.id);
  const active = createMemo(() => isActive(props.run));
  createEffect(() => {
    if (!active()) return;
    const source = new EventSource(matchingApi.eventsUrl(props.code, runId()));
    const read = (event: MessageEvent<string>) => JSON.parse(event.data) as MatchRun;
    source.addEventListener("progress", (event) => props.onUpdate(read(event as MessageEvent<string>)));
    source.addEventListener("end", (event) => {
      source.close();
      props.onEnd(read(event as MessageEvent<string>));
    });
    // A refused stream (not a dropped one, which the browser retries) falls back to asking every second.
    let timer: ReturnType<typeof setInterval> | undefined;
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED || timer) return;
      timer = setInterval(async () => {
        const run = await matchingApi.run(props.code, runId()).catch(() => undefined);
        if (!run) return;
        if (isActive(run)) props.onUpdate(run);
        else {
          clearInterval(timer);
          props.onEnd(run);
        }
      }, 1000);
    };
    onCleanup(() => {
      source.close();
      clearInterval(timer);
    });
  });

  async function cancel() {
    setCancelling(true);
    setError(null);
    try {
      props.onEnd(await matchingApi.cancel(props.code, props.run.id));
    } catch {
      setError("plan.cancelError");
    } finally {
      setCancelling(false);
    }
  }

  const percent = () => Math.round(props.run.progress?.percent ?? 0);
  return (
    <section class="run-progress" aria-labelledby="run-progress-title" data-testid="run-progress">
      <h2 id="run-progress-title">{t("plan.progressTitle")}</h2>
      <label for="run-progress-bar" class="run-progress-label">
        {props.run.status === "queued"
          ? t("plan.queued")
          : t(`plan.phase.${props.run.progress?.phase ?? "loading"}` as MessageId)}
      </label>
      <progress id="run-progress-bar" max="100" value={percent()}>
        {percent()}%
      </progress>
      <p role="status" class="run-progress-figures" data-testid="run-progress-figures">
        {t("plan.progressFigures", {
          percent: percent(),
          served: props.run.progress?.served ?? 0,
          unserved: props.run.progress?.unserved ?? 0,
        })}
      </p>
      <FormAlert message={error()} />
      <button type="button" class="button-secondary" disabled={cancelling()} onClick={cancel}>
        {t("plan.cancelRun")}
      </button>
    </section>
  );
}
