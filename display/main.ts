// /display/ is the wall display; /display/?counter=3 is the screen at counter 3.
import '../shared/client/base.css';
import './luot-counter-display.js';
import './luot-display-app.js';
import { VI } from './strings.js';
import './render-hook.js';

const counter = new URLSearchParams(location.search).has('counter');
if (counter) document.title = VI.counterDisplayTitle;
document.body.append(document.createElement(counter ? 'luot-counter-display' : 'luot-display-app'));
