/*
 * The Cortex-M port (board.h has the machines): the UART's receive interrupt fills a 256-byte ring, sending
 * waits on the transmitter, port_idle sleeps in WFI.
 *
 * Cycles: on the real boards the DWT cycle counter (CYCCNT, ARMv7-M ARM C1.8.8). QEMU has no DWT; there
 * SysTick runs from the processor clock with a 24-bit reload and its wrap interrupt counts the upper bits.
 * Under `-icount shift=0` each instruction is 1 ns of virtual time, so a SysTick tick is 10^9 / SysTick Hz
 * instructions and port_cycles() returns instructions executed (40 per tick on the M4, 80 on the M3).
 *
 * Live input: no sensor is wired, so frames are synthetic (the generated app computes them); the port
 * paces them at the design's rate from the same counter.
 */
#include "board.h"
#include "mote_port.h"

#define RX_RING 256

static volatile uint8_t rx_ring[RX_RING];
static volatile uint16_t rx_head, rx_tail;

/* The interrupt is cleared before the data register is drained: a byte that lands after the last read then
 * raises it again (cleared after, it could be left unread with the interrupt off, and the UART stalls). */
void port_uart_handler(void) {
  board_rx_clear();
  while (board_rx_ready()) {
    uint8_t byte = board_rx();
    uint16_t next = (uint16_t)((rx_head + 1) % RX_RING);
    if (next != rx_tail) {
      rx_ring[rx_head] = byte;
      rx_head = next;
    }
  }
}

#define SYST_CSR REG(0xE000E010)
#define SYST_RVR REG(0xE000E014)
#define SYST_CVR REG(0xE000E018)
#define DEMCR REG(0xE000EDFC)
#define DWT_CTRL REG(0xE0001000)
#define DWT_CYCCNT REG(0xE0001004)

static volatile uint32_t systick_wraps;

void port_systick_handler(void) { systick_wraps++; }

void port_init(void) {
  board_uart_init();
#if BOARD_QEMU
  SYST_RVR = 0xFFFFFFu;
  SYST_CVR = 0;
  SYST_CSR = 7; /* processor clock, interrupt, enable */
#else
  DEMCR |= 1u << 24; /* TRCENA */
  DWT_CYCCNT = 0;
  DWT_CTRL |= 1u;
#endif
  REG(0xE000E100 + 4u * (BOARD_UART_IRQ / 32u)) = 1u << (BOARD_UART_IRQ % 32u); /* NVIC ISER */
  __asm__ volatile("cpsie i");
}

int16_t port_read(void) {
  if (rx_tail == rx_head) return -1;
  uint8_t byte = rx_ring[rx_tail];
  rx_tail = (uint16_t)((rx_tail + 1) % RX_RING);
  return byte;
}

void port_write(const uint8_t *bytes, uint16_t count) {
  while (count--) {
    while (board_tx_full()) {
    }
    board_tx(*bytes++);
  }
}

#if BOARD_QEMU
/*
 * SysTick counts down from its reload: ticks = base + wraps · (reload + 1) + (reload − current); a wrap
 * pending but not yet counted belongs to a low count. The reload is 2^24 − 1 normally, and one live frame
 * period while classifying live, so that its interrupt wakes the core from WFI at each frame: under
 * -icount sleep=on virtual time then follows the wall clock instead of racing through a busy wait.
 */
static uint64_t tick_base;
static uint32_t reload = 0xFFFFFFu;

static uint64_t ticks(void) {
  uint32_t wraps, current;
  __asm__ volatile("cpsid i");
  wraps = systick_wraps;
  current = SYST_CVR;
  if ((REG(0xE000ED04) & (1u << 26)) && current > reload / 2u) wraps++; /* ICSR.PENDSTSET */
  __asm__ volatile("cpsie i");
  return tick_base + (uint64_t)wraps * (reload + 1u) + (reload - current);
}

static void set_reload(uint32_t value) {
  uint64_t now = ticks();
  __asm__ volatile("cpsid i");
  tick_base = now;
  systick_wraps = 0;
  reload = value;
  SYST_RVR = value;
  SYST_CVR = 0;
  REG(0xE000ED04) = 1u << 25; /* ICSR.PENDSTCLR */
  __asm__ volatile("cpsie i");
}

uint32_t port_cycles(void) { return (uint32_t)(ticks() * (1000000000u / BOARD_SYSTICK_HZ)); }
#else
uint32_t port_cycles(void) { return DWT_CYCCNT; }
#endif

void port_marker(uint8_t marker) { (void)marker; }

void port_idle(void) { __asm__ volatile("wfi"); }

extern uint8_t __bss_end, __stack_top, __data_start;

uintptr_t port_stack_floor(void) { return (uintptr_t)&__bss_end; }
uintptr_t port_stack_ceiling(void) { return (uintptr_t)&__stack_top; }
uint32_t port_static_ram_bytes(void) { return (uint32_t)(&__bss_end - &__data_start); }

/* ---- live input: synthetic frames paced by the counter -------------------------------------------- */

#if BOARD_QEMU
#define COUNTER_HZ BOARD_SYSTICK_HZ
static uint32_t counter(void) { return (uint32_t)ticks(); }
#else
#define COUNTER_HZ MOTE_PORT_CLOCK_HZ
static uint32_t counter(void) { return DWT_CYCCNT; }
#endif

static struct {
  uint8_t running;
  uint32_t last;
  uint64_t elapsed; /* counter units since LiveStart, accumulated so that the 32-bit counter may wrap */
  uint32_t period;  /* counter units per frame */
  uint32_t next;    /* the next frame's index */
  uint32_t overruns;
} live;

uint8_t port_live_start(uint32_t rate_mhz, uint8_t channels, port_live_timing_t *timing) {
  (void)channels;
  if (rate_mhz == 0) return 0;
  live.period = (uint32_t)(((uint64_t)COUNTER_HZ * 1000u) / rate_mhz);
  if (live.period == 0) return 0;
  live.last = counter();
  live.elapsed = 0;
  live.next = 0;
  live.overruns = 0;
  live.running = 1;
#if BOARD_QEMU
  set_reload(live.period <= 0x1000000u ? live.period - 1u : 0xFFFFFFu);
#endif
  timing->timer_clock_hz = COUNTER_HZ;
  timing->period_ticks = live.period;
  return 1;
}

/* A frame is due when the counter has passed its time; frames the firmware was too busy for are skipped
 * and counted, so the core sees the gap. */
uint8_t port_live_next(uint32_t *index, uint16_t *counts) {
  (void)counts;
  if (!live.running) return 0;
  uint32_t now = counter();
  live.elapsed += (uint32_t)(now - live.last);
  live.last = now;
  uint32_t due = (uint32_t)(live.elapsed / live.period);
  if (due <= live.next) return 0;
  if (due - live.next > 8u) {
    live.overruns += due - live.next - 1u;
    live.next = due - 1u;
  }
  *index = live.next++;
  return 1;
}

void port_live_stop(void) {
  live.running = 0;
#if BOARD_QEMU
  set_reload(0xFFFFFFu);
#endif
}
uint32_t port_live_overruns(void) { return live.overruns; }
