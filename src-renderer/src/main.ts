import { mount } from 'svelte'
import App from './App.svelte'
import { appState } from './lib/state/app.svelte'
import { live } from './lib/state/live.svelte'
import { names } from './lib/state/names.svelte'
import { navigation } from './lib/state/navigation.svelte'
import { theme } from './lib/state/theme.svelte'
import './styles/theme.css'
import './styles/base.css'

// Theme and route are known before the first render, so nothing flashes or jumps.
theme.start()
navigation.start()
appState.start()
live.start()
names.start()

const target = document.getElementById('app')
if (!target) throw new Error('index.html lost its #app element')
mount(App, { target })
