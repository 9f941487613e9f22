import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The page's filters live in the URL, so back/forward and reloads keep them. */
export function useQueryParams() {
  const [params, setParams] = useSearchParams();
  const patch = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [params, patch] as const;
}

export function pageParams(params: URLSearchParams) {
  return {
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: Math.min(200, Math.max(1, Number(params.get('size')) || 20)),
  };
}
