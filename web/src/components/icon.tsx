/** Small inline SVG icons (decorative: always paired with a text label). */
const PATHS: Record<string, string> = {
  call: 'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z',
  email: 'M3 5h18v14H3zM3 6l9 7 9-7',
  meeting: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4',
  task: 'M4 12l5 5L20 6',
  note: 'M5 3h10l4 4v14H5zM8 11h8M8 15h8M8 7h5',
  sms: 'M4 4h16v12H8l-4 4z',
  chat: 'M3 5h13v9H7l-4 3zM8 17h9l4 3V9h-3',
  social: 'M18 8a3 3 0 1 0 0-.01zM6 15a3 3 0 1 0 0-.01zM18 22a3 3 0 1 0 0-.01zM8.6 13.5l6.8-4M8.6 16.5l6.8 4',
  web_visit: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18',
  form_submission: 'M6 3h12v18H6zM9 8h6M9 12h6M9 16h3',
  other: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
  timeline: 'M4 6h16M4 12h16M4 18h10',
  chart: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  team: 'M9 11a4 4 0 1 0 0-.01zM2 21c0-4 3-6 7-6s7 2 7 6M17 11a3 3 0 1 0 0-.01M18 15c2.5.5 4 2.5 4 6',
  user: 'M12 11a4 4 0 1 0 0-.01zM4 21c0-4 3.5-6.5 8-6.5s8 2.5 8 6.5',
  filter: 'M3 5h18l-7 8v6l-4 2v-8z',
  shield: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
  close: 'M6 6l12 12M18 6L6 18',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM21 21l-5-5',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM12 2v3M12 19v3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M2 12h3M19 12h3M4.9 19.1L7 17M17 7l2.1-2.1',
  arrowUp: 'M12 19V5M5 12l7-7 7 7',
  live: 'M12 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM7.8 7.8a6 6 0 0 0 0 8.4M16.2 16.2a6 6 0 0 0 0-8.4M4.9 4.9a10 10 0 0 0 0 14.2M19.1 19.1a10 10 0 0 0 0-14.2',
};

export function Icon({ name, size = 18 }: { name: string; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name] ?? PATHS.other} />
    </svg>
  );
}
