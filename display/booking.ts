import '../shared/client/base.css';
import './luot-booking-app.js';
