/** Starts the console: follow the address, load who is signed in, render. */
import { render } from 'preact';
import '../ui/styles.css';
import './console.css';
import { App } from './App';
import { followHash } from './router';
import { openSession } from './session';

followHash();
void openSession();
render(<App />, document.getElementById('console')!);
