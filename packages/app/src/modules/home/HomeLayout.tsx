import { Content, Header, Page } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import Box from '@mui/material/Box';
import { useEffect, useState } from 'react';

/**
 * The portal's home: a header with the portal's name, then the widgets in
 * the order and widths of `page:home`'s `defaultConfig` (12 columns), each
 * as tall as its content. Widgets the config does not place are not shown
 * (plugins bring some, such as a random joke).
 */
export function HomeLayout(props: HomePageLayoutProps) {
  const { widgets, defaultConfig = [] } = props;
  const identity = useApi(identityApiRef);
  const [name, setName] = useState<string>();
  useEffect(() => {
    identity
      .getProfileInfo()
      .then(p => setName(p.displayName?.split(' ')[0]))
      .catch(() => {});
  }, [identity]);

  const placed = [...defaultConfig].sort(
    (a, b) => a.row - b.row || a.column - b.column,
  );
  const order = (widgetName?: string) => {
    const i = placed.findIndex(p => p.component === widgetName);
    return i < 0 ? placed.length : i;
  };
  const width = (widgetName?: string) =>
    placed.find(p => p.component === widgetName)?.width ?? 12;
  const shown = widgets
    .filter(w => !placed.length || order(w.name) < placed.length)
    .sort((a, b) => order(a.name) - order(b.name));

  return (
    <Page themeId="home">
      <Header
        title="ACME portal"
        subtitle={
          name
            ? `Welcome, ${name}: what needs you, your services, what your teams did`
            : 'What needs you, your services, what your teams did'
        }
      />
      <Content>
        <Box
          sx={{
            display: 'grid',
            gap: 3,
            gridTemplateColumns: 'repeat(12, minmax(0, 1fr))',
            alignItems: 'start',
          }}
        >
          {shown.map((widget, i) => (
            <Box
              key={widget.name ?? i}
              sx={{
                gridColumn: { xs: 'span 12', md: `span ${width(widget.name)}` },
              }}
            >
              {widget.component}
            </Box>
          ))}
        </Box>
      </Content>
    </Page>
  );
}
