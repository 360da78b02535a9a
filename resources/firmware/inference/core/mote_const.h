/*
 * Constant data in program memory on AVR, whose `const` data is otherwise copied to RAM at start-up (the Uno
 * has 2 KB of it); a plain `const` elsewhere. Read such data with mote_const_copy / mote_const_strlen.
 */
#ifndef MOTE_CONST_H
#define MOTE_CONST_H

#include <string.h>

#if defined(__AVR__)
#include <avr/pgmspace.h>
#define MOTE_CONST PROGMEM
#define MOTE_STR(s) PSTR(s)
#define mote_const_copy(dst, src, n) memcpy_P((dst), (src), (n))
#define mote_const_strlen(s) strlen_P(s)
#else
#define MOTE_CONST
#define MOTE_STR(s) (s)
#define mote_const_copy(dst, src, n) memcpy((dst), (src), (n))
#define mote_const_strlen(s) strlen(s)
#endif

#endif
