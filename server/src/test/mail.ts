import { type Database, schema } from "@tsunagu/db";
import { desc, eq, sql } from "drizzle-orm";

/**
 * The newest message the outbox holds for an address, and the link's token
 * in it — what the person would find in their mailbox. Tests only: the API
 * never serves a body.
 */
export async function mailTo(database: Database, address: string) {
  const [message] = await database.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.toAddress, address.toLowerCase()))
    .orderBy(desc(schema.mailOutbox.createdAt), desc(sql`rowid`));
  if (!message) throw new Error(`no mail to ${address}`);
  const token = /#token=([\w-]+)/.exec(message.body ?? "")?.[1];
  return { message, token };
}

/** The token of the newest mail to an address (fails the test when there is none). */
export async function tokenMailedTo(database: Database, address: string): Promise<string> {
  const { token } = await mailTo(database, address);
  if (!token) throw new Error(`the newest mail to ${address} carries no link`);
  return token;
}
