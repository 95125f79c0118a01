/** leadloop's PUBLIC_URL: `leadloop manifest --project` writes this file into the project with the real one. */
export const LEADLOOP_URL = 'https://leadloop.example.com';
