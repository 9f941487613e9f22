import ExcelJS from './exceljs';
import type { Queryable } from '../../db/driver/types';
import { listTownships } from '../../db/repos/worker.repo';
import { TEMPLATE_NOTE, WORKER_COLUMNS } from './workerColumns';

const colLetter = (i: number) => String.fromCharCode(65 + i);

/** The import template: Chinese headers, ID numbers as text, drop-down lists from a hidden options sheet. */
export async function workerTemplate(db: Queryable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '龙陵县职业培训电子券与档案';
  const ws = wb.addWorksheet('劳动者信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  const opts = wb.addWorksheet('选项', { state: 'veryHidden' });
  const townships = (await listTownships(db)).map((t) => t.name);
  const lists = WORKER_COLUMNS.map((c) => (c.field === 'townshipCode' ? townships : c.list));
  ws.columns = WORKER_COLUMNS.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.field,
    width: c.width,
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE8E7' } };
  ws.getColumn('idNumber').numFmt = '@';
  ws.getColumn('phone').numFmt = '@';
  lists.forEach((list, i) => {
    if (!list) return;
    const letter = colLetter(i);
    list.forEach((v, r) => (opts.getCell(`${letter}${r + 1}`).value = v));
    for (let r = 2; r <= 2001; r++) {
      ws.getCell(`${letter}${r}`).dataValidation = {
        type: 'list',
        // 重点群体 may hold several values separated by 、, so its list only suggests.
        allowBlank: true,
        showErrorMessage: WORKER_COLUMNS[i]!.field !== 'targetGroups',
        errorTitle: '输入有误',
        error: `请从下拉列表中选择${WORKER_COLUMNS[i]!.header}`,
        formulae: [`选项!$${letter}$1:$${letter}$${list.length}`],
      };
    }
  });
  ws.getCell('M1').value = TEMPLATE_NOTE;
  ws.getCell('M1').font = { color: { argb: 'FF888888' } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
