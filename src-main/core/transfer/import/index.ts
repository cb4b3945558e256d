// The import feature's public surface.
export {
  createImporter,
  parseImport,
  refusal,
  type Importer,
  type ImportProgress,
  type ImportSummary,
} from './import.service.js';
export { readImportFile, importText, IMPORT_SIZE_CAP } from './import-file.js';
export { detect, FOREIGN_FORMATS, type Detection } from './detect-rules.js';
export { sniffFormat, isImportFormat, PARSERS } from './formats.js';
export {
  IMPORT_FORMATS,
  MAPPABLE_FIELDS,
  mappableField,
  type ImportFormat,
  type ColumnMapping,
  type MappableField,
} from './import.types.js';
export type { ImportPreview, ImportItemView, Correction, ImportDefaults } from './import-plan.js';
