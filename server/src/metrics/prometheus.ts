// A small Prometheus text-format registry (exposition format 0.0.4): request counters by route and
// status, and a latency histogram by route. Labels come from route patterns, never raw URLs, so the
// number of series stays bounded.

const BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;
}

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class HttpMetrics {
  private readonly requests = new Map<string, { method: string; route: string; status: string; n: number }>();
  private readonly latency = new Map<string, { method: string; route: string; h: Histogram }>();
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const s = String(status);
    const rk = `${method} ${route} ${s}`;
    const r = this.requests.get(rk);
    if (r) r.n++;
    else this.requests.set(rk, { method, route, status: s, n: 1 });

    const lk = `${method} ${route}`;
    let l = this.latency.get(lk);
    if (!l) {
      l = { method, route, h: { counts: BUCKETS_S.map(() => 0), sum: 0, count: 0 } };
      this.latency.set(lk, l);
    }
    for (let i = 0; i < BUCKETS_S.length; i++) {
      const bound = BUCKETS_S[i];
      if (bound !== undefined && seconds <= bound) l.h.counts[i] = (l.h.counts[i] ?? 0) + 1;
    }
    l.h.sum += seconds;
    l.h.count++;
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP http_requests_total HTTP requests by method, route pattern and status.');
    out.push('# TYPE http_requests_total counter');
    for (const r of this.requests.values()) {
      out.push(`http_requests_total${labels({ method: r.method, route: r.route, status: r.status })} ${r.n}`);
    }
    out.push('# HELP http_request_duration_seconds HTTP request latency by method and route pattern.');
    out.push('# TYPE http_request_duration_seconds histogram');
    for (const l of this.latency.values()) {
      const base = { method: l.method, route: l.route };
      BUCKETS_S.forEach((bound, i) => {
        out.push(
          `http_request_duration_seconds_bucket${labels({ ...base, le: String(bound) })} ${l.h.counts[i] ?? 0}`,
        );
      });
      out.push(`http_request_duration_seconds_bucket${labels({ ...base, le: '+Inf' })} ${l.h.count}`);
      out.push(`http_request_duration_seconds_sum${labels(base)} ${l.h.sum}`);
      out.push(`http_request_duration_seconds_count${labels(base)} ${l.h.count}`);
    }
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`);
      out.push(`# TYPE ${name} gauge`);
      out.push(`${name} ${g.read()}`);
    }
    return `${out.join('\n')}\n`;
  }
}
