/* bench_common — what both sides of entente-bench-stream share: the run
 * spec, the result, the clock, pacing at a fixed rate, receive tracking and
 * latency percentiles.
 *
 * A run sends `events` messages to `subscribers` subscribers, as fast as the
 * sender goes (rate 0) or at `rate` per second. Each subscriber owns a
 * bench_track_t recording when each message reached it; the sender records
 * when each was sent. bench_result_fill turns those into the result. */
#ifndef ENTENTE_BENCH_COMMON_H
#define ENTENTE_BENCH_COMMON_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t events;
    size_t subscribers;
    double rate;       /* messages per second; 0: as fast as possible */
    int verify_events; /* entente only: each event's ingest signature too */
    int backlog;       /* subscribers wait until every message is sent, then drain */
} bench_run_t;

typedef struct {
    double events_per_s; /* events / (first send, or the backlog's release ..
                          * last arrival at the slowest subscriber) */
    double sent_per_s;   /* events / (first send .. last send acknowledged) */
    /* latency over all subscribers' messages; NATS: publish -> received,
     * entente: commit -> callback (the commit time carried in the stream) */
    double p50_ms, p99_ms, max_ms;
    double ack_p50_ms, ack_p99_ms; /* entente: Append round trip (send -> acknowledged) */
    uint64_t delivered;  /* summed over subscribers; complete when events * subscribers */
    uint64_t replayed, gaps_filled, bad_frames, bad_events, dropped;
} bench_result_t;

/* One subscriber's arrivals: at[i] is when message i arrived (0: never). */
typedef struct {
    double *at;
    size_t n;
    _Atomic size_t got;
} bench_track_t;

double bench_now_us(void);  /* CLOCK_MONOTONIC, microseconds */
double bench_wall_us(void); /* CLOCK_REALTIME, microseconds since the epoch */
void bench_sleep_us(double us);
/* A loopback tcp port nobody listens on now; -1 with err. */
int bench_free_port(char *err, size_t errlen);

/* How many of total messages are due start_us + (elapsed * rate). */
size_t bench_due(double start_us, double rate, size_t total);

/* Sends n messages through send(ctx, first, count), in chunks of at most
 * batch, as fast as send returns (rate 0) or at rate; sent_at[i] is when the
 * chunk holding message i was handed to send. -1 as soon as send fails. */
typedef int (*bench_send_fn)(void *ctx, size_t first, size_t count);
int bench_send(bench_send_fn send, void *ctx, size_t n, size_t batch, double rate,
               double *sent_at);

int bench_track_init(bench_track_t *t, size_t n);
void bench_track_free(bench_track_t *t);
/* Records message i's arrival now; returns 1 once all n have arrived. */
int bench_track_hit(bench_track_t *t, size_t i);
int bench_track_done(bench_track_t *t);

/* Blocks while *gate and *abort are both 0. */
void bench_gate_wait(const atomic_int *gate, const atomic_int *abort);

/* How long a run's subscribers may take after its last send: a minute, plus
 * 100 us per event and subscriber (each event verified on a loaded machine). */
int bench_drain_ms(const bench_run_t *run);

/* Waits until every track is done or timeout_ms passes; 0 when all done. */
int bench_wait_tracks(bench_track_t *const *tracks, size_t k, int timeout_ms);

/* Sorts v[0..n) and gives its 50th and 99th percentiles and maximum. */
void bench_percentiles(double *v, size_t n, double *p50, double *p99, double *max);

/* Throughput (from start_us) and latency from the send times and the
 * subscribers' tracks. */
void bench_result_fill(bench_result_t *r, const double *sent_at, size_t n, double start_us,
                       double acked_us, bench_track_t *const *tracks, size_t k);

#endif
