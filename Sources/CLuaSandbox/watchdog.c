// watchdog.c — the cheap budget: a timer on the thread's CPU clock arms the budget hook.
//
// Why: Lua 5.4 stops at every instruction while any count hook is set, whatever its count
// (luaG_traceexec runs for each one), so an instruction budget costs 2.4× in tight loops
// (scripts/benchmark-lua). Without an instruction limit (LuaLimits.instructions == nil), a call
// runs with no hook at all. A per-thread timer on CLOCK_THREAD_CPUTIME_ID sends a signal every
// KS_TICK_NS of CPU time the thread uses; the handler sets a one-shot count hook on the
// coroutine that is running (lua_sethook may be called from a signal handler: see its comment in
// ldebug.c). At the next instruction the hook checks the deadline and the memory cap and removes
// itself. C functions that loop (patterns, table functions) check the tick flag in ks_charge.
//
// Guarantees: a runaway script is stopped within one tick after its time limit in plain code,
// pcall, xpcall handlers, coroutines (coroutine.resume records which one runs), __close handlers
// and metered C functions; once a budget is spent the hook stays at every instruction, as in
// the exact mode. Proved by WatchdogTests (each place, several threads at once, the memory cap,
// the same results as with an instruction budget).
#define _GNU_SOURCE
#include "ks_internal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/// CPU time between two budget checks: 10 ms, so a script is stopped at most that late.
#define KS_TICK_NS 10000000L

/// The sandbox whose call runs on this thread (NULL between calls). Read by the signal handler,
/// so it is initial-exec TLS: no lazy allocation can happen inside the handler.
static __thread ks_sandbox *volatile watched __attribute__((tls_model("initial-exec")));

/// This thread's CPU-time timer, created at its first call and deleted when the thread ends.
static __thread timer_t tick_timer __attribute__((tls_model("initial-exec")));
static __thread int has_tick_timer __attribute__((tls_model("initial-exec")));

static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
static pthread_key_t timer_key;
static int tick_signal = -1;  // -1: the watchdog could not be set up; the deadline hook is used

static void on_tick(int signal, siginfo_t *info, void *context) {
    (void)signal; (void)info; (void)context;
    ks_sandbox *sb = watched;
    if (sb == NULL) return;
    sb->tick = 1;
    lua_State *running = sb->running;
    if (running != NULL) lua_sethook(running, ks_budget_hook, LUA_MASKCOUNT, 1);
}

static void delete_timer(void *unused) {
    (void)unused;
    if (has_tick_timer) {
        timer_delete(tick_timer);
        has_tick_timer = 0;
    }
}

static void set_up(void) {
    if (pthread_key_create(&timer_key, delete_timer) != 0) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_tick;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    int signal = SIGRTMIN + 5;
    if (sigaction(signal, &action, NULL) == 0) tick_signal = signal;
}

/// The calling thread's timer, created on first use. 0 if the system refuses one.
static int ensure_timer(void) {
    if (has_tick_timer) return 1;
    pthread_once(&setup_once, set_up);
    if (tick_signal < 0) return 0;
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = tick_signal;
    event._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    // Dispatch's and Swift concurrency's worker threads block most signals; this one is ours.
    sigset_t ours;
    sigemptyset(&ours);
    sigaddset(&ours, tick_signal);
    if (pthread_sigmask(SIG_UNBLOCK, &ours, NULL) != 0) return 0;
    if (timer_create(CLOCK_THREAD_CPUTIME_ID, &event, &tick_timer) != 0) return 0;
    has_tick_timer = 1;
    pthread_setspecific(timer_key, &tick_timer);  // non-NULL, so the destructor runs
    return 1;
}

static void set_timer(long period_ns) {
    struct itimerspec spec;
    memset(&spec, 0, sizeof spec);
    spec.it_value.tv_nsec = period_ns;
    spec.it_interval.tv_nsec = period_ns;
    int saved = errno;
    timer_settime(tick_timer, 0, &spec, NULL);
    errno = saved;
}

int ks_watchdog_start(ks_sandbox *sb, lua_State *L) {
    if (!ensure_timer()) return 0;
    sb->tick = 0;
    sb->running = L;
    sb->outer_watched = watched;
    watched = sb;
    if (sb->outer_watched == NULL) set_timer(KS_TICK_NS);
    return 1;
}

void ks_watchdog_stop(ks_sandbox *sb) {
    if (watched == sb) {
        watched = sb->outer_watched;
        if (watched == NULL && has_tick_timer) set_timer(0);
    }
    sb->running = NULL;
    sb->outer_watched = NULL;
}

/// coroutine.resume, which records the coroutine it runs so that a tick arms the hook there.
/// Upvalue 1: Lua's own coroutine.resume, which does the work.
int ks_coroutine_resume(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    ks_sandbox *sb = ks_sandbox_of(L);
    lua_State *previous = sb->running;
    if (previous != NULL) sb->running = co;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    sb->running = previous;
    if (previous != NULL && sb->tick) lua_sethook(L, ks_budget_hook, LUA_MASKCOUNT, 1);
    if (status != LUA_OK) return lua_error(L);  // only resume's own errors (stack, memory)
    return lua_gettop(L);
}
