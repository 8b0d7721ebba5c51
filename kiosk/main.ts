import '../shared/client/base.css';
import './kiosk.css';
import './luot-kiosk-app.js';
