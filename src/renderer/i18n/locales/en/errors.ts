/**
 * English sentences for the services' error codes (errors.codes.<code>): what went wrong, in general
 * terms. The view shows it above the service's own sentence, which names the file, port or number.
 */
export const errorCodes = {
  1000: 'Something unexpected went wrong',
  5101: 'The port is in use',
  5201: 'The serial monitor could not open the port',
  7012: 'The file is not firmware for this board',
  9001: 'The port could not be opened',
  10001: 'A file could not be imported',
  13006: 'Some samples do not match the design',
} as const
