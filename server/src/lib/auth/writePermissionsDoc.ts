import { writeFileSync } from "node:fs";
import { renderPermissionsMarkdown } from "./permissionsDoc";

// Writes docs/permissions.md from the permission table.
writeFileSync(new URL("../../../../docs/permissions.md", import.meta.url), renderPermissionsMarkdown());
