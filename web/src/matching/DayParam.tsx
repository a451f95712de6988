import { useSearchParams } from "@solidjs/router";
import { t } from "../i18n";
import { todayInJapan } from "../registry/model";

/**
 * The service day a page shows, kept in the URL (`?date=YYYY-MM-DD`, today in
 * Japan when absent or malformed) so a reload or a shared link shows the same day.
 */
export function useDayParam() {
  const [params, setParams] = useSearchParams<{ date?: string }>();
  const date = () => (params.date && /^\d{4}-\d{2}-\d{2}$/.test(params.date) ? params.date : todayInJapan());
  return { date, setDate: (value: string) => setParams({ date: value }) };
}

/** The day picker of a page that uses useDayParam: an emptied field keeps the day shown. */
export function DayField(props: { id: string; day: ReturnType<typeof useDayParam> }) {
  return (
    <div class="field">
      <label for={props.id}>{t("plan.date")}</label>
      <input
        id={props.id}
        type="date"
        value={props.day.date()}
        onChange={(e) => e.currentTarget.value && props.day.setDate(e.currentTarget.value)}
      />
    </div>
  );
}
