// The one way into exceljs: its chunk-splitting fix must be in place before exceljs first loads.
import './exceljsFix';
import ExcelJS from 'exceljs';

export default ExcelJS;
export type { CellValue, Row, Workbook } from 'exceljs';
