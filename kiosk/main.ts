import '../shared/client/base.css';
import './luot-kiosk-app.js';
