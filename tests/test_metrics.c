/* metrics and metrics_http: the text exposition (types, labels, escaping,
 * cumulative histogram buckets), families found again by name, refused
 * shapes and names, and GET /metrics over a real socket. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "metrics.h"
#include "metrics_http.h"
#include "test_util.h"

static char *render(metrics_t *m)
{
    size_t len = 0;
    char *text = metrics_render(m, &len);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    return text;
}

static void assert_contains(const char *text, const char *line)
{
    if (!strstr(text, line))
        fail_msg("missing %s in:\n%s", line, text);
}

static void test_counter_gauge(void **state)
{
    metrics_t *m = metrics_new();
    metrics_family_t *c = metrics_counter(m, "t_requests_total", "Requests.", "method,status");
    metrics_family_t *g = metrics_gauge(m, "t_depth", "Rows waiting.", NULL);
    const char *ok[] = {"Get", "OK"}, *bad[] = {"Get", "NOT_FOUND"};
    metrics_add(c, ok, 1);
    metrics_add(c, ok, 2);
    metrics_add(c, bad, 1);
    metrics_add(c, bad, -5); /* a counter never goes down */
    metrics_set(g, NULL, 7);
    metrics_set(g, NULL, 3);
    char *text = render(m);
    assert_contains(text, "# HELP t_requests_total Requests.\n# TYPE t_requests_total counter\n");
    assert_contains(text, "t_requests_total{method=\"Get\",status=\"OK\"} 3\n");
    assert_contains(text, "t_requests_total{method=\"Get\",status=\"NOT_FOUND\"} 1\n");
    assert_contains(text, "# TYPE t_depth gauge\nt_depth 3\n");
    free(text);
    metrics_destroy(&m);
    assert_null(m);
}

static void test_same_family_again(void **state)
{
    metrics_t *m = metrics_new();
    metrics_family_t *a = metrics_counter(m, "t_total", "x", "service");
    assert_ptr_equal(metrics_counter(m, "t_total", "x", "service"), a);
    assert_null(metrics_gauge(m, "t_total", "x", "service"));     /* another type */
    assert_null(metrics_counter(m, "t_total", "x", "service,kind")); /* other labels */
    assert_null(metrics_counter(m, "9bad", "x", NULL));
    assert_null(metrics_counter(m, "t_ok", "x", "a-b"));
    assert_null(metrics_counter(NULL, "t_ok", "x", NULL));
    metrics_add(NULL, NULL, 1); /* a NULL family counts nothing, safely */
    char *text = render(m);
    assert_null(strstr(text, "9bad"));
    assert_null(strstr(text, "t_ok"));
    free(text);
    metrics_destroy(&m);
}

static void test_escaping(void **state)
{
    metrics_t *m = metrics_new();
    metrics_family_t *c = metrics_counter(m, "t_esc_total", "a \\ and\na line", "v");
    const char *v[] = {"q\"b\\s\nn"};
    metrics_add(c, v, 1);
    char *text = render(m);
    assert_contains(text, "# HELP t_esc_total a \\\\ and\\na line\n");
    assert_contains(text, "t_esc_total{v=\"q\\\"b\\\\s\\nn\"} 1\n");
    free(text);
    metrics_destroy(&m);
}

static void test_histogram(void **state)
{
    metrics_t *m = metrics_new();
    static const double bounds[] = {0.005, 0.1, 1};
    metrics_family_t *h = metrics_histogram(m, "t_seconds", "Latency.", "method", bounds, 3);
    static const double unordered[] = {1, 0.5};
    assert_null(metrics_histogram(m, "t_other", "x", NULL, unordered, 2));
    const char *get[] = {"Get"};
    metrics_observe(h, get, 0.001);
    metrics_observe(h, get, 0.005); /* on a bound: in that bucket (le) */
    metrics_observe(h, get, 0.5);
    metrics_observe(h, get, 30);
    char *text = render(m);
    assert_contains(text, "# TYPE t_seconds histogram\n");
    assert_contains(text, "t_seconds_bucket{method=\"Get\",le=\"0.005\"} 2\n");
    assert_contains(text, "t_seconds_bucket{method=\"Get\",le=\"0.1\"} 2\n");
    assert_contains(text, "t_seconds_bucket{method=\"Get\",le=\"1\"} 3\n");
    assert_contains(text, "t_seconds_bucket{method=\"Get\",le=\"+Inf\"} 4\n");
    assert_contains(text, "t_seconds_sum{method=\"Get\"} 30.506\n");
    assert_contains(text, "t_seconds_count{method=\"Get\"} 4\n");
    free(text);
    metrics_destroy(&m);
}

static void test_series_cap(void **state)
{
    metrics_t *m = metrics_new();
    metrics_family_t *c = metrics_counter(m, "t_many_total", "x", "id");
    for (int i = 0; i < METRICS_MAX_SERIES + 10; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        const char *v[] = {id};
        metrics_add(c, v, 1);
    }
    char *text = render(m);
    char last[64];
    snprintf(last, sizeof last, "{id=\"%d\"}", METRICS_MAX_SERIES - 1);
    assert_non_null(strstr(text, last));
    snprintf(last, sizeof last, "{id=\"%d\"}", METRICS_MAX_SERIES);
    assert_null(strstr(text, last));
    free(text);
    metrics_destroy(&m);
}

/* One HTTP/1.0 request to 127.0.0.1:port; the whole answer, malloc'd. */
static char *http_get(int port, const char *request)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(write(fd, request, strlen(request)), (ssize_t)strlen(request));
    size_t cap = 1 << 16, len = 0;
    char *buf = calloc(1, cap);
    ssize_t n;
    while ((n = read(fd, buf + len, cap - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    return buf;
}

static void test_http(void **state)
{
    metrics_t *m = metrics_new();
    metrics_family_t *c = metrics_counter(m, "t_http_total", "x", NULL);
    metrics_add(c, NULL, 41);
    char err[256];
    assert_null(metrics_http_start(m, "localhost", err, sizeof err));
    assert_non_null(strstr(err, "HOST:PORT"));
    assert_null(metrics_http_start(m, "example.org:80", err, sizeof err));
    assert_null(metrics_http_start(m, "127.0.0.1:99999", err, sizeof err));
    assert_true(metrics_http_disabled("none") && metrics_http_disabled("") &&
                !metrics_http_disabled("127.0.0.1:0"));
    metrics_http_t *http = metrics_http_start(m, "127.0.0.1:0", err, sizeof err);
    assert_non_null(http);
    int port = metrics_http_port(http);
    assert_true(port > 0);
    metrics_http_t *again = metrics_http_start(m, "127.0.0.1:0", err, sizeof err);
    char busy[32];
    snprintf(busy, sizeof busy, "127.0.0.1:%d", port);
    assert_null(metrics_http_start(m, busy, err, sizeof err)); /* taken: a clear error */
    assert_non_null(strstr(err, busy));
    metrics_http_stop(&again);
    metrics_add(c, NULL, 1);
    char *r = http_get(port, "GET /metrics HTTP/1.0\r\n\r\n");
    assert_non_null(strstr(r, "200 OK"));
    assert_non_null(strstr(r, "text/plain; version=0.0.4"));
    assert_non_null(strstr(r, "\nt_http_total 42\n"));
    free(r);
    r = http_get(port, "GET /other HTTP/1.0\r\n\r\n");
    assert_non_null(strstr(r, "404"));
    free(r);
    r = http_get(port, "POST /metrics HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
    assert_non_null(strstr(r, "405"));
    free(r);
    metrics_http_stop(&http);
    assert_null(http);
    metrics_destroy(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_gauge), cmocka_unit_test(test_same_family_again),
        cmocka_unit_test(test_escaping),      cmocka_unit_test(test_histogram),
        cmocka_unit_test(test_series_cap),    cmocka_unit_test(test_http),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
