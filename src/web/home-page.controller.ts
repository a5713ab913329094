import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';

/**
 * The service's front door and its accessibility statement, open to anyone. A visitor who is not
 * signed in learns what the service is and how to sign in, and nothing about any plan: a plan's
 * id, its title and how much has been recorded are for the people who work on it.
 */
@Public()
@Controller()
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class HomePageController {
  constructor(private readonly pages: WebPages) {}

  @Get()
  home(@Req() request: WebRequest, @Res() response: Response) {
    this.pages.render(request, response, 'home.njk', { pageTitle: 'Home' });
  }

  @Get('accessibility')
  accessibility(@Req() request: WebRequest, @Res() response: Response) {
    this.pages.render(request, response, 'accessibility.njk', { pageTitle: 'Accessibility statement' });
  }
}
