import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import './toasts.css';

export type ToastLevel = 'info' | 'success' | 'error';
export interface Toast {
  id: number;
  level: ToastLevel;
  message: string;
}

interface ToastApi {
  show: (level: ToastLevel, message: string) => void;
  /** Read to screen readers only (for example a live status change), with no visible toast. */
  announce: (message: string) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
const TOAST_MS = 6000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((t) => t.id !== id));
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const show = useCallback(
    (level: ToastLevel, message: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-4), { id, level, message }]);
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), level === 'error' ? TOAST_MS * 2 : TOAST_MS),
      );
    },
    [dismiss],
  );

  const announce = useCallback((message: string) => setAnnouncement(message), []);

  useEffect(() => {
    const all = timers.current;
    return () => {
      for (const timer of all.values()) clearTimeout(timer);
    };
  }, []);

  const api = useMemo(() => ({ show, announce }), [show, announce]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.level}`}>
            <span className="toast-icon" aria-hidden="true">
              {t.level === 'error' ? '!' : t.level === 'success' ? '✓' : 'i'}
            </span>
            <span className="toast-message">{t.message}</span>
            <button
              type="button"
              className="toast-close"
              aria-label="Dismiss notification"
              onClick={() => dismiss(t.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
      <div className="visually-hidden" aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToasts must be used inside <ToastProvider>');
  return api;
}
