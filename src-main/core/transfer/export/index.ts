// The public surface of the exports (STYLE: an index only re-exports).
export {
  EXPORT_FORMATS,
  exportInventory,
  exportWithSecrets,
  isExportFormat,
  renderExport,
  type ExportFormat,
  type ExportResult,
} from './inventory-export.js';
