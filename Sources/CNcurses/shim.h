#ifndef HANDOFF_CNCURSES_SHIM_H
#define HANDOFF_CNCURSES_SHIM_H
// SwiftPM drops the -D flags pkg-config gives for ncursesw, so the wide-character
// API must be switched on here, before curses.h is read.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <wchar.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ncursesw/curses.h>

// Swift cannot see through function-like macros, and reading C globals such as stdscr,
// LINES or COLORS is a strict-concurrency error in Swift 6, so each is wrapped here.

static inline WINDOW *handoff_stdscr(void) { return stdscr; }
static inline FILE *handoff_stdout(void) { return stdout; }
static inline FILE *handoff_stdin(void) { return stdin; }
static inline int handoff_lines(void) { return LINES; }
static inline int handoff_cols(void) { return COLS; }
static inline int handoff_colors(void) { return COLORS; }
static inline int handoff_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t handoff_attr_normal(void) { return A_NORMAL; }
static inline attr_t handoff_attr_bold(void) { return A_BOLD; }
static inline attr_t handoff_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t handoff_attr_reverse(void) { return A_REVERSE; }

// Clicks of the primary button and the wheel (reported by xterm as buttons 4 and 5).
static inline mmask_t handoff_mouse_events(void) {
    return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}

static inline int handoff_mouse_button(mmask_t state) {
    if (state & (BUTTON1_CLICKED | BUTTON1_PRESSED)) return 1;
    if (state & BUTTON4_PRESSED) return 4;
    if (state & BUTTON5_PRESSED) return 5;
    return 0;
}

// The user's locale, or C.UTF-8 if theirs is not UTF-8: ncursesw needs a UTF-8 locale
// to draw anything beyond ASCII. Returns 1 when text will be UTF-8.
static inline int handoff_setup_locale(void) {
    setlocale(LC_ALL, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0) return 1;
    return 0;
}

// Restores the terminal on the way out, however the process ends. endwin() is harmless
// when curses was never started or already ended.
static void handoff_restore_terminal(void) {
    if (!isendwin()) {
        curs_set(1);
        endwin();
    }
}

static void handoff_restore_and_reraise(int signal_number) {
    handoff_restore_terminal();
    // SA_RESETHAND has put the default action back, so this ends the process as the
    // signal intended (with the right exit status for the parent shell).
    raise(signal_number);
}

// Function-local, because Swift does not emit a header's file-scope static variables.
static inline struct sigaction *handoff_previous_crash_actions(void) {
    static struct sigaction actions[NSIG];
    return actions;
}

static void handoff_restore_and_resume(int signal_number) {
    handoff_restore_terminal();
    // Returning re-runs the faulting instruction, which then reaches whoever handled the
    // signal before us (the Swift runtime's backtracer, or a core dump) with the real fault.
    sigaction(signal_number, &handoff_previous_crash_actions()[signal_number], NULL);
}

static inline void handoff_install_restore_handlers(void) {
    static int installed = 0;
    if (installed) return;
    installed = 1;
    // A parent may hand us a blocked signal mask (thread pools block everything); then
    // resizes and Ctrl-C from outside would never arrive.
    sigset_t wanted;
    sigemptyset(&wanted);
    const int needed[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCONT, SIGTSTP };
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) sigaddset(&wanted, needed[i]);
    pthread_sigmask(SIG_UNBLOCK, &wanted, NULL);
    atexit(handoff_restore_terminal);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    action.sa_handler = handoff_restore_and_reraise;
    const int endings[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        sigaction(endings[i], &action, NULL);
    }
    // A crash must not leave the user's shell in raw mode either.
    action.sa_handler = handoff_restore_and_resume;
    const int crashes[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
    for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++) {
        sigaction(crashes[i], &action, &handoff_previous_crash_actions()[crashes[i]]);
    }
}

// SIGHUP sent to a running board asks it to read its settings again. The handler only
// sets a flag (async-signal-safe); the run loop takes it between keys. Function-local
// statics, as above; CursesTerminal.swift is the only caller, so there is one flag.
static inline volatile sig_atomic_t *handoff_hangup_flag(void) {
    static volatile sig_atomic_t flag = 0;
    return &flag;
}

static void handoff_on_hangup(int signal_number) {
    (void)signal_number;
    *handoff_hangup_flag() = 1;
}

static inline void handoff_watch_hangup(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = handoff_on_hangup;
    sigaction(SIGHUP, &action, NULL);
}

static inline int handoff_take_hangup(void) {
    if (!*handoff_hangup_flag()) return 0;
    *handoff_hangup_flag() = 0;
    return 1;
}

// Whether the terminal on `descriptor` has hung up (its window closed, its ssh dropped):
// then a SIGHUP means the end, not a reload.
static inline int handoff_terminal_hung_up(int descriptor) {
    struct pollfd watched = { descriptor, POLLIN, 0 };
    if (poll(&watched, 1, 0) < 0) return 0;
    return (watched.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

// glibc only declares wcwidth under _XOPEN_SOURCE, which the module cannot set.
extern int wcwidth(wchar_t character);

// Cells the C library (and so curses) thinks a character takes; -1 if unprintable.
static inline int handoff_wcwidth(wchar_t character) { return wcwidth(character); }

static inline int handoff_is_interactive(void) {
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

// A board on another terminal than the process's own (the benchmarks drive one through a
// pseudo-terminal they opened): a stream over its file descriptor.
static inline FILE *handoff_stream(int descriptor, const char *mode) {
    return isatty(descriptor) ? fdopen(descriptor, mode) : NULL;
}
#endif
