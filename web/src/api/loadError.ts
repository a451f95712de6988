import type { MessageId } from "../i18n";
import { ApiError } from "./client";

/**
 * Why a page's data did not load, as a message id: a role the server refuses
 * (403) is told that this account cannot use the screen (「このアカウントでは、
 * この画面は使えません。」), not that something broke and to try again later.
 */
export function loadErrorMessage(error: unknown): MessageId {
  return error instanceof ApiError && error.status === 403 ? "signin.forbidden" : "common.error";
}
