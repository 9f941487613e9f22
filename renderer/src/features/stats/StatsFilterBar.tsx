import { CalendarOutlined } from '@ant-design/icons';
import { DatePicker, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { StatsFilter } from './useStatsFilter';
import { statsYears, yearOf } from './useStatsFilter';

const ALL = 0;
const asMonth = (m: string | undefined) => (m ? dayjs(`${m}-01`) : null);

/** 年度 and 月份区间; choosing a year fills the months with January to December. */
export function StatsFilterBar({ filter }: { filter: StatsFilter }) {
  const { range, setYear, setMonths } = filter;
  const whole = !range.from && !range.to;
  const year = whole ? ALL : yearOf(range);
  const options = [
    { value: ALL, label: '全部' },
    ...statsYears()
      .reverse()
      .map((y) => ({ value: y, label: `${y} 年` })),
  ];
  return (
    <Space wrap size="middle">
      <Space size="small">
        <label htmlFor="stats-year">年度</label>
        <Select<number>
          id="stats-year"
          aria-label="年度"
          style={{ width: 120 }}
          value={year}
          placeholder="自定义"
          options={options}
          onChange={(y) => setYear(y === ALL ? null : y)}
        />
      </Space>
      <Space size="small">
        <label htmlFor="stats-months">月份</label>
        <DatePicker.RangePicker
          id={{ start: 'stats-months' }}
          picker="month"
          allowEmpty={[true, true]}
          placeholder={['开始月份', '结束月份']}
          value={[asMonth(range.from), asMonth(range.to)]}
          onChange={(dates) => setMonths(dates?.[0]?.format('YYYY-MM'), dates?.[1]?.format('YYYY-MM'))}
        />
      </Space>
      <Typography.Text type="secondary">
        <CalendarOutlined /> 按发券月份统计
      </Typography.Text>
    </Space>
  );
}
