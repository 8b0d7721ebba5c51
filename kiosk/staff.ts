// The staff screens, a chunk of their own: the kiosk loads them when a long press or the offline
// notice asks for them, never at start (citizens never see them).
import './luot-kiosk-settings.js';
import './luot-pin-pad.js';
