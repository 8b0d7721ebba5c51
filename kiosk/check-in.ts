// The check-in screen's chunk (issue 13): the code entry and its camera decoder are loaded only
// when a citizen with a booking taps the button, not in the kiosk's start-up script.
import './luot-check-in.js';
