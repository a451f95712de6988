/** The mail outbox as people may see it: the platform operator sees its own invitations, never a body. */
import type { OutboxMessage } from "@tsunagu/contract";
import { listOutbox, type OutboxRow } from "@tsunagu/db";
import type { DomainContext } from "../context";

/** A message without its body (the body holds a one-time link). */
export function outboxMessageOf(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind,
    municipalityCode: row.municipalityCode,
    toAddress: row.toAddress,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}

/**
 * The operator's outbox: the first-admin invitations only. Residents' and
 * staff's resets and invitations are their municipality's, not the operator's.
 */
export async function outboxOfOperator(ctx: DomainContext): Promise<{ items: OutboxMessage[] }> {
  return { items: (await listOutbox(ctx.db, ["admin_invitation"])).map(outboxMessageOf) };
}
