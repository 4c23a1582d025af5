/* progress_line: the progress formatter on fixed inputs gives the lines
 * worked out by hand below (rates, ETA rounding up, the bar, dropping the
 * bar and truncating on narrow terminals, the reference device without
 * cycles, no loss yet); the printer prints plain lines only every N samples
 * and at epoch ends, and redraws a terminal line in place at most every
 * 0.1 s of the caller's clock. */
#include <math.h>

#include "progress.h"
#include "report_check.h"

static void line_case(struct check *c, const struct progress_info *in, int bar, int width,
                      const char *want)
{
    char buf[512];
    size_t n = progress_format(buf, sizeof buf, in, bar, width);
    CHECK_STR(c, buf, want);
    CHECK(c, n == strlen(want));
}

/* Everything written to f so far, as a string. */
static char *contents(FILE *f)
{
    long n = ftell(f);
    char *s = calloc((size_t)n + 1, 1);
    rewind(f);
    if (fread(s, 1, (size_t)n, f) != (size_t)n)
        s[0] = '\0';
    fseek(f, 0, SEEK_END);
    return s;
}

int main(void)
{
    struct check c = {0, 0};

    /* epoch 3 of 10, 5400 of 12000 done (45 %); 29400 samples and 29.4 M
     * cycles in 10 s: 2940 samples/s, 2.94 M cycles/s; 7 * 12000 + 6600 =
     * 90600 samples left / 2940 = 30.8 s -> 0:31; bar 0.45 * 20 = 9 cells */
    struct progress_info in = {3, 10, 5400, 12000, 29400, 10.0, 29400000, 0.43219, 12};
    line_case(&c, &in, 1, 200,
              "epoch 3/10 [#########...........]  45.0%  2.9k samples/s  2.94M cycles/s  "
              "loss 0.4322  sat 12  ETA 0:31");
    line_case(&c, &in, 0, 0,
              "epoch 3/10  5400/12000 (45.0%)  2.9k samples/s  2.94M cycles/s  loss 0.4322  "
              "sat 12  ETA 0:31");
    /* 80 columns: 103 characters do not fit in 79; without the bar exactly 79 */
    line_case(&c, &in, 1, 80,
              "epoch 3/10 45.0%  2.9k samples/s  2.94M cycles/s  loss 0.4322  sat 12  ETA 0:31");
    /* 40 columns: cut at 39 */
    line_case(&c, &in, 1, 40, "epoch 3/10 45.0%  2.9k samples/s  2.94M");

    /* the reference device (no cycles), no loss yet, nothing done yet */
    struct progress_info first = {1, 2, 0, 1000, 0, 0.0, 0, NAN, 0};
    line_case(&c, &first, 1, 200,
              "epoch 1/2 [....................]   0.0%  - samples/s  loss -  sat 0  ETA --:--");
    /* hours: 600000 samples left at 100/s = 6000 s = 1:40:00 */
    struct progress_info slow = {1, 10, 0, 60000, 100, 1.0, 0, 2.302585, 0};
    line_case(&c, &slow, 0, 0,
              "epoch 1/10  0/60000 (0.0%)  100 samples/s  loss 2.3026  sat 0  ETA 1:40:00");
    /* suffixes: 999.6 -> 1.0k, 1234567 -> 1.23M; 2.5e9 cycles/s -> 2.50G; done */
    struct progress_info fast = {2, 2, 1000, 1000, 9996, 10.0, 25000000000ull, 0.1, 7};
    line_case(&c, &fast, 1, 200,
              "epoch 2/2 [####################] 100.0%  1.0k samples/s  2.50G cycles/s  "
              "loss 0.1000  sat 7  ETA 0:00");
    struct progress_info mega = {1, 1, 500, 1000, 1234567, 1.0, 0, 0.5, 0};
    line_case(&c, &mega, 0, 0, "epoch 1/1  500/1000 (50.0%)  1.23M samples/s  loss 0.5000  sat 0  ETA 0:01");

    /* plain printer: 2 epochs of 1000, updates every 50 samples, a line
     * every 250: lines at 250, 500, 750 and the epoch end, per epoch */
    {
        FILE *f = tmpfile();
        struct progress p;
        progress_init(&p, f, 250); /* a temporary file is not a terminal */
        CHECK(&c, p.tty == 0);
        for (int e = 1; e <= 2; e++) {
            for (int d = 50; d <= 1000; d += 50) {
                struct progress_info pi = {e, 2, d, 1000, (e - 1) * 1000 + d, 0.01 * d, 0, 0.5, 0};
                progress_update(&p, &pi);
            }
            struct progress_info end = {e, 2, 1000, 1000, e * 1000, 10.0 * e, 0, 0.5, 0};
            progress_epoch_end(&p, &end);
        }
        char *s = contents(f);
        CHECK(&c, check_count(s, "\n") == 8);
        CHECK(&c, check_count(s, "\r") == 0);
        CHECK(&c, strncmp(s, "epoch 1/2  250/1000 (25.0%)", 27) == 0);
        CHECK(&c, check_count(s, "epoch 2/2  750/1000 (75.0%)") == 1);
        CHECK(&c, check_count(s, "1000/1000 (100.0%)") == 2);
        free(s);
        fclose(f);
    }
    /* plain printer with no interval: epoch ends only */
    {
        FILE *f = tmpfile();
        struct progress p;
        progress_init_mode(&p, f, 0, 80, 0);
        for (int d = 50; d <= 1000; d += 50) {
            struct progress_info pi = {1, 1, d, 1000, d, 0.01 * d, 0, 0.5, 0};
            progress_update(&p, &pi);
        }
        struct progress_info end = {1, 1, 1000, 1000, 1000, 10.0, 0, 0.5, 0};
        progress_epoch_end(&p, &end);
        char *s = contents(f);
        CHECK(&c, check_count(s, "\n") == 1);
        free(s);
        fclose(f);
    }
    /* terminal printer: updates every 0.0625 s; draws at the first, then
     * whenever 0.1 s have passed since the last draw: k = 1, 3, 5, 7, 9;
     * the epoch end draws once more and ends the line */
    {
        FILE *f = tmpfile();
        struct progress p;
        progress_init_mode(&p, f, 1, 120, 0);
        for (int k = 1; k <= 10; k++) {
            struct progress_info pi = {1, 1, 10 * k, 1000, 10 * k, 0.0625 * k, 0, 0.5, 0};
            progress_update(&p, &pi);
        }
        char *s = contents(f);
        CHECK(&c, check_count(s, "\r") == 5);
        CHECK(&c, check_count(s, "\033[K") == 5);
        CHECK(&c, check_count(s, "\n") == 0);
        CHECK(&c, check_count(s, "[") - check_count(s, "\033[") == 5); /* each with a bar */
        free(s);
        progress_clear(&p); /* erase, so a message can be printed */
        s = contents(f);
        CHECK(&c, check_count(s, "\r") == 6);
        free(s);
        struct progress_info pi = {1, 1, 110, 1000, 110, 0.0625 * 10 + 0.01, 0, 0.5, 0};
        progress_update(&p, &pi); /* redrawn at once after a clear */
        struct progress_info end = {1, 1, 1000, 1000, 1000, 10.0, 0, 0.5, 0};
        progress_epoch_end(&p, &end);
        s = contents(f);
        CHECK(&c, check_count(s, "\r") == 8);
        CHECK(&c, check_count(s, "\n") == 1);
        CHECK(&c, s[strlen(s) - 1] == '\n');
        free(s);
        fclose(f);
    }
    return check_done(&c, "progress_line");
}
