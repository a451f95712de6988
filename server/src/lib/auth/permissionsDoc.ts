import { type Access, PERMISSIONS, type Role } from "./permissions";

const ROLE_ORDER: Role[] = ["platform_admin", "municipal_staff", "coordinator", "driver", "resident"];
const CELL = { municipality: "✓", own: "own", run_sheet: "run sheet" } as const;

function cells(access: Access): string[] {
  if (access.kind === "public") return ROLE_ORDER.map(() => "public");
  if (access.kind === "signed_in") return ROLE_ORDER.map(() => "self");
  return ROLE_ORDER.map((role) => {
    const grant = access.grants[role];
    return grant ? CELL[grant] : "—";
  });
}

/** docs/permissions.md, generated from PERMISSIONS (a test keeps the file equal to this). */
export function renderPermissionsMarkdown(): string {
  const header = `# Permission matrix

Generated from \`server/src/lib/auth/permissions.ts\` (the table the one authorisation
middleware enforces); \`server/src/lib/auth/permissions.test.ts\` fails when this file is
out of date. Regenerate: \`cd server && npx tsx src/lib/auth/writePermissionsDoc.ts\`.

| cell | meaning |
| --- | --- |
| public | no sign-in needed (public facts, the calculator, signing in) |
| self | any signed-in account, acting on itself only |
| ✓ | allowed for the caller's own municipality (platform admin: any municipality) |
| own | only the caller's own objects: a resident's own requests and data |
| run sheet | only what the driver's run sheets grant: the approved routes of the vehicles his driver record may drive (\`driver_vehicles\`), and the requests on them (\`runSheetRequestIds\`); another vehicle's sheet or stop → 404 |
| — | 403 forbidden |

Rules that hold for every row:
- Not signed in on a non-public operation → **401**.
- A \`{code}\` that is not the caller's municipality → **404** (never 403, never data), for every role but platform admin.
- Platform admins (運営者) create and archive municipalities and invite each one's first admin; they manage the
  registry (vehicles, places, timetables) of any municipality but do **not** read residents' or drivers'
  personal data, the account list or the access log (least privilege).
- The platform admin may open an account in a municipality only while it has no admin (and only that admin);
  it can never issue a password reset, and no response carries a link or a password outside demo mode
  (\`docs/security.md\`). Each of these actions is in the access log.
- Unsafe methods with a session cookie need the \`X-CSRF-Token\` header (403 \`csrf_failed\` without it).

| operation | ${ROLE_ORDER.join(" | ")} |
| --- | ${ROLE_ORDER.map(() => "---").join(" | ")} |
`;
  const rows = Object.entries(PERMISSIONS).map(
    ([key, access]) => `| \`${key}\` | ${cells(access).join(" | ")} |`,
  );
  return `${header}${rows.join("\n")}\n`;
}
