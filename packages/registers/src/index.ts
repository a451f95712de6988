export {
  type CareLevel,
  CareLevelSchema,
  type CellValue,
  type Column,
  REGISTER_COLUMNS,
  REGISTER_KINDS,
  REGISTER_SCHEMAS,
  type RegisterKind,
  type RegisterValue,
  ResidentRegisterSchema,
} from "./columns";
export { normaliseCell, normaliseHeader, normaliseName, normaliseNumberish } from "./normalise";
export {
  columnLetter,
  type RegisterProblem,
  type RegisterProblemCode,
  type RegisterReadOptions,
  type RegisterReadResult,
  type RegisterRow,
  readRegister,
} from "./read";
export { formatExceptions, formatWeekly, type Parsed, parseExceptions, parseWeekly } from "./schedule";
export {
  DEFAULT_TABLE_LIMITS,
  readTable,
  type Table,
  type TableLimits,
  type TableResult,
  type TableRow,
} from "./table";
export {
  REGISTER_SHEET_NAMES,
  type RegisterEntry,
  registerGrid,
  writeRegisterCsv,
  writeRegisterXlsx,
} from "./write";
