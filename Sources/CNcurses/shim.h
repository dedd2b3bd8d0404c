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
#include <wchar.h>
#include <ncursesw/curses.h>
#endif
