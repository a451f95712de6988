/**
 * The platform operator's municipalities: create one by its 全国地方公共団体コード
 * (name and prefecture from its N03 boundary when one is given) together with
 * an invitation for its first admin; archive and bring back. The operator sees
 * no residents' personal data here: only the admin's address and state.
 */
import {
  type ManagedMunicipality,
  type MunicipalityCreateSchema,
  PREFECTURES,
  parseMunicipalityCode,
} from "@tsunagu/contract";
import {
  appendAudit,
  appendAuditInTx,
  findMunicipalAdmin,
  findMunicipality,
  insertMunicipalityInTx,
  inWriteTransaction,
  listMunicipalities,
  type MunicipalityRow,
  setMunicipalityArchived,
} from "@tsunagu/db";
import { type MunicipalBoundary, readN03Boundary } from "@tsunagu/geo";
import type { z } from "zod";
import { municipalityDb, requireMunicipality } from "../access";
import { openInvitedAdminInTx, requireFreeEmail, unusablePasswordHash } from "../accounts/adminInvitation";
import { issueAuditedLink, type LinkPolicy, type PasswordResetLink } from "../accounts/links";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { DomainError, type FieldProblem } from "../errors";
import { toMunicipality } from "../map/convert";
import { type ReadBoundary, storeBoundary } from "../onboarding/boundary";

export type MunicipalityInput = z.input<typeof MunicipalityCreateSchema>;

function invalid(errors: FieldProblem[]): DomainError {
  return new DomainError("validation_failed", "The request has invalid fields.", { errors });
}

/** The 6-digit code, or a 422 naming `body.code` (a wrong check digit says which one was expected). */
export function codeOf(input: string): string {
  const parsed = parseMunicipalityCode(input);
  if (parsed.ok) return parsed.code;
  throw new DomainError("validation_failed", "The request has invalid fields.", {
    errors: [{ path: "body.code", message: parsed.problem.message, code: parsed.problem.code }],
    ...(parsed.problem.expected ? { expected: parsed.problem.expected } : {}),
  });
}

/** The municipality's boundary from an N03 file, or a 422 naming the file and each problem's place in it. */
export function boundaryOf(bytes: Uint8Array, code: string): ReadBoundary {
  const result = readN03Boundary(bytes, code);
  if (result.ok) return result;
  throw invalid(
    result.problems.map((p) => ({
      path: p.field ? `body.boundary.${p.field}` : "body.boundary",
      message: p.message,
      code: p.code,
    })),
  );
}

/** Name, prefecture and map centre: from the boundary when there is one, else from the input. */
function placeOf(input: MunicipalityInput, code: string, boundary: MunicipalBoundary | undefined) {
  if (boundary) {
    const [w, s, e, n] = boundary.bbox;
    return {
      name: boundary.name,
      prefecture: boundary.prefecture,
      centreLat: (s + n) / 2,
      centreLon: (w + e) / 2,
    };
  }
  const errors: FieldProblem[] = [];
  if (!input.name)
    errors.push({ path: "body.name", message: "is required without a boundary file", code: "required" });
  if (input.centreLat === undefined || input.centreLon === undefined)
    errors.push({
      path: input.centreLat === undefined ? "body.centreLat" : "body.centreLon",
      message: "the map centre is required without a boundary file",
      code: "required",
    });
  const prefecture = input.prefecture ?? PREFECTURES[code.slice(0, 2)];
  if (!prefecture)
    errors.push({ path: "body.prefecture", message: "is required for this code", code: "required" });
  if (errors.length > 0 || !input.name || !prefecture) throw invalid(errors);
  return {
    name: input.name,
    prefecture,
    centreLat: Number(input.centreLat),
    centreLon: Number(input.centreLon),
  };
}

/**
 * Creates a municipality and its first admin (a municipal_staff account with
 * no usable password) and mails the admin a one-time invitation (7 days), all
 * in one transaction. No password exists for anyone to hand over; the
 * invitation is answered to the caller only under `policy.showLink` (demo
 * mode, or the CLI on the server machine).
 */
export async function createMunicipality(
  ctx: DomainContext,
  input: MunicipalityInput,
  boundaryFile: Uint8Array | undefined,
  policy: LinkPolicy,
): Promise<{ municipality: ManagedMunicipality; invitation: PasswordResetLink }> {
  const { db } = ctx;
  const code = codeOf(input.code);
  const read = boundaryFile ? boundaryOf(boundaryFile, code) : undefined;
  const boundary = read?.boundary;
  const place = placeOf(input, code, boundary);
  if (await findMunicipality(db, code))
    throw new DomainError("municipality_exists", `Municipality ${code} already exists.`);
  const email = input.adminEmail.trim().toLowerCase();
  await requireFreeEmail(db, email, "body.adminEmail");
  const passwordHash = await unusablePasswordHash();
  const created = await inWriteTransaction(db, async (tx) => {
    const row = await insertMunicipalityInTx(tx, {
      code,
      ...place,
      nameKana: input.nameKana ?? null,
      preset: input.preset ?? "rural",
      fictional: false,
      boundaryGeojson: boundary
        ? JSON.stringify({
            type: "Feature",
            properties: { N03_007: boundary.code5, name: boundary.fullName },
            geometry: boundary.geometry,
          })
        : null,
    });
    const { user: admin, invitation } = await openInvitedAdminInTx(
      tx,
      ctx,
      {
        email,
        displayName: input.adminDisplayName ?? `${place.name} 管理者`,
        role: "municipal_staff",
        municipalityCode: code,
        passwordHash,
      },
      policy,
    );
    await appendAuditInTx(tx, [
      auditEntry(ctx, {
        action: "create",
        resourceType: "municipality",
        resourceId: code,
        municipalityCode: code,
      }),
      auditEntry(ctx, {
        action: "invite_admin",
        resourceType: "user",
        resourceId: admin.id,
        municipalityCode: code,
      }),
    ]);
    return { row, invitation };
  });
  // The boundary already stands in the row; the onboarding store adds what the map and the
  // checklist read from it (the lighter map copy, the import's facts), from the same reading of the file.
  let row = created.row;
  if (read) {
    await storeBoundary(ctx, code, read);
    row = await requireMunicipality(db, code);
  }
  return { municipality: await managedOf(ctx, row), invitation: created.invitation };
}

async function managedOf(ctx: DomainContext, row: MunicipalityRow): Promise<ManagedMunicipality> {
  const admin = await findMunicipalAdmin(ctx.db, row.code);
  return {
    ...toMunicipality(row),
    preset: row.preset,
    archivedAt: row.archivedAt,
    hasBoundary: row.boundaryGeojson !== null,
    createdAt: row.createdAt,
    admin: admin
      ? {
          id: admin.id,
          email: admin.email,
          state: admin.awaitingPassword ? "invited" : "active",
        }
      : null,
  };
}

/** Every municipality, archived ones included, as the operator manages them. */
export async function listManagedMunicipalities(
  ctx: DomainContext,
): Promise<{ items: ManagedMunicipality[] }> {
  const rows = await listMunicipalities(ctx.db);
  return { items: await Promise.all(rows.map((row) => managedOf(ctx, row))) };
}

/**
 * Archives a municipality (its data stays; its accounts' sessions end and
 * sign-in refuses them) or brings it back.
 */
export async function archiveMunicipality(
  ctx: DomainContext,
  code: string,
  archived: boolean,
): Promise<ManagedMunicipality> {
  const db = await municipalityDb(ctx, code);
  await setMunicipalityArchived(db, code, archived ? ctx.now : null);
  await appendAudit(db, [
    auditEntry(ctx, {
      action: archived ? "archive" : "unarchive",
      resourceType: "municipality",
      resourceId: code,
      municipalityCode: code,
    }),
  ]);
  return managedOf(ctx, await requireMunicipality(db, code));
}

/**
 * A new invitation for the first admin, while they have not accepted one
 * (the old one lost or expired). The newest invitation revokes the older.
 * Once the admin is active the operator has no way into the account.
 */
export async function reinviteAdmin(
  ctx: DomainContext,
  code: string,
  policy: LinkPolicy,
): Promise<PasswordResetLink> {
  const db = await municipalityDb(ctx, code);
  const admin = await findMunicipalAdmin(db, code);
  if (!admin) throw new DomainError("not_found", `Municipality ${code} has no admin account.`);
  if (!admin.awaitingPassword)
    throw new DomainError(
      "admin_active",
      "The admin has accepted the invitation; the operator has no way into that account.",
    );
  return issueAuditedLink(ctx, admin, "admin_invitation", policy, {
    action: "invite_admin",
    resourceType: "user",
    resourceId: admin.id,
    municipalityCode: code,
  });
}
