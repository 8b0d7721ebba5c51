// The pickup screen's chunk (issue 15): the code entry and its camera decoder are loaded only
// when a citizen taps "Nhận kết quả", not in the kiosk's start-up script.
import './luot-pickup.js';
