#include "bench_common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

double bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

double bench_wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

void bench_sleep_us(double us)
{
    if (us <= 0)
        return;
    struct timespec ts = {(time_t)(us / 1e6), (long)fmod(us * 1e3, 1e9)};
    nanosleep(&ts, NULL);
}

int bench_free_port(char *err, size_t errlen)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    else
        snprintf(err, errlen, "no free loopback port: %s", strerror(errno));
    if (fd >= 0)
        close(fd);
    return port;
}

size_t bench_due(double start_us, double rate, size_t total)
{
    double due = (bench_now_us() - start_us) * rate / 1e6;
    return due >= (double)total ? total : (size_t)due;
}

int bench_send(bench_send_fn send, void *ctx, size_t n, size_t batch, double rate,
               double *sent_at)
{
    double t0 = bench_now_us();
    size_t sent = 0;
    while (sent < n) {
        size_t upto = rate > 0 ? bench_due(t0, rate, n) : n;
        if (upto == sent) {
            bench_sleep_us(t0 + (double)(sent + 1) * 1e6 / rate - bench_now_us());
            continue;
        }
        size_t k = upto - sent < batch ? upto - sent : batch;
        double t = bench_now_us();
        for (size_t i = 0; i < k; i++)
            sent_at[sent + i] = t;
        if (send(ctx, sent, k) != 0)
            return -1;
        sent += k;
    }
    return 0;
}

int bench_track_init(bench_track_t *t, size_t n)
{
    t->at = calloc(n ? n : 1, sizeof *t->at);
    t->n = n;
    atomic_store(&t->got, 0);
    return t->at ? 0 : -1;
}

void bench_track_free(bench_track_t *t)
{
    free(t->at);
    t->at = NULL;
}

int bench_track_hit(bench_track_t *t, size_t i)
{
    if (i < t->n && t->at[i] == 0) {
        t->at[i] = bench_now_us();
        atomic_fetch_add(&t->got, 1);
    }
    return bench_track_done(t);
}

int bench_track_done(bench_track_t *t) { return atomic_load(&t->got) >= t->n; }

int bench_drain_ms(const bench_run_t *run)
{
    double ms = 60e3 + (double)run->events * (double)run->subscribers * 0.1;
    return ms < 1e9 ? (int)ms : 1000000000;
}

int bench_wait_tracks(bench_track_t *const *tracks, size_t k, int timeout_ms)
{
    double until = bench_now_us() + timeout_ms * 1e3;
    for (size_t i = 0; i < k; i++)
        while (!bench_track_done(tracks[i])) {
            if (bench_now_us() > until)
                return -1;
            bench_sleep_us(1000);
        }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t n, double p)
{
    if (!n)
        return 0;
    size_t i = (size_t)ceil(p / 100.0 * (double)n);
    return sorted[i ? i - 1 : 0];
}

void bench_percentiles(double *v, size_t n, double *p50, double *p99, double *max)
{
    qsort(v, n, sizeof *v, cmp_double);
    *p50 = percentile(v, n, 50);
    *p99 = percentile(v, n, 99);
    *max = n ? v[n - 1] : 0;
}

void bench_gate_wait(const atomic_int *gate, const atomic_int *abort)
{
    while (!atomic_load(gate) && !atomic_load(abort))
        bench_sleep_us(100);
}

void bench_result_fill(bench_result_t *r, const double *sent_at, size_t n, double start_us,
                       double acked_us, bench_track_t *const *tracks, size_t k)
{
    size_t cap = n * k;
    double *lat = malloc((cap ? cap : 1) * sizeof *lat);
    double last = 0;
    size_t m = 0;
    r->delivered = 0;
    for (size_t s = 0; s < k; s++) {
        r->delivered += atomic_load(&tracks[s]->got);
        for (size_t i = 0; i < n; i++) {
            if (!tracks[s]->at[i])
                continue;
            if (tracks[s]->at[i] > last)
                last = tracks[s]->at[i];
            if (lat)
                lat[m++] = (tracks[s]->at[i] - sent_at[i]) / 1e3;
        }
    }
    double first = n ? sent_at[0] : 0;
    r->events_per_s = last > start_us ? (double)n / ((last - start_us) / 1e6) : 0;
    r->sent_per_s = acked_us > first ? (double)n / ((acked_us - first) / 1e6) : 0;
    if (lat)
        bench_percentiles(lat, m, &r->p50_ms, &r->p99_ms, &r->max_ms);
    free(lat);
}
