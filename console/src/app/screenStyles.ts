/** Every Mantine component's CSS, for the screens loaded on demand (one shared, cached chunk). Import it at the
 * top of each lazy page module. */
import '@mantine/core/styles.css';
